/** The product version, kept in step with package.json by the bundle script's check. */
export const VERSION = '0.1.0';
