export const SOURCE_HASH_FILE: string;
/** SHA-256 (hex) of the files the bundle is built from, under the repository root `root`. */
export function sourceHash(root: string): string;
