// Limits of a report's evidence files, shared by the upload form, the API and the data layer.
// No schema here: the upload form imports it without the schema library.

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_REPORT = 10;
/** What the upload form offers; the server decides by the bytes, never by this list. */
export const ACCEPTED_ATTACHMENT_EXTENSIONS = [".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".doc", ".docx", ".xls", ".xlsx"];
