/** The engine of a scan that is a SARIF import (lib/sarif/import.ts): its results are another tool's, not a scan of the code. */
export const SARIF_IMPORT_ENGINE = 'sarif-import';
