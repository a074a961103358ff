/** The workflow names compiled into src/init/workflow-texts.ts. */
export const EMBEDDED: string[];
/** The text src/init/workflow-texts.ts must hold, built from workflows-examples/. */
export function workflowTextsModule(): string;
