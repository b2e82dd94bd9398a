import { z } from "zod";

import { ACCEPTED_ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_REPORT } from "./attachment-limits";

export { ACCEPTED_ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS_PER_REPORT };

const MAX_NAME_LENGTH = 200;
const INT4_MAX = 2_147_483_647;

/** A record id from a URL segment or a caller: a positive PostgreSQL integer. */
export const recordIdSchema = z.coerce.number().int().positive().max(INT4_MAX);

// C0/C1 controls, and the bidirectional overrides that make "gpj.exe" read as "exe.jpg".
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * The name an uploaded file is kept under: its base name only (any path, `/` or `\`, dropped),
 * without control characters or leading dots, at most 200 characters with its extension kept.
 * `../../etc/passwd` becomes `passwd`; a name left empty becomes `file`.
 */
export function normalizeFileName(raw: string): string {
  const base = raw.replace(/\\/g, "/").split("/").pop() ?? "";
  const cleaned = base.normalize("NFC").replace(UNSAFE_CHARS, "").trim().replace(/^\.+/, "").trim();
  return truncateKeepingExtension(cleaned || "file", MAX_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // code points: never cut a character in half
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keep = ext.length > 0 && ext.length <= 16 ? ext : [];
  return chars.slice(0, max - keep.length).join("") + keep.join("");
}

const EXTENSION_ALIASES: Record<string, string[]> = { jpg: ["jpg", "jpeg"] };

/** `name`, with `.ext` appended when its own extension does not name the file's real type. */
export function fileNameWithExtension(name: string, ext: string): string {
  const own = name.includes(".") ? name.slice(name.lastIndexOf(".") + 1).toLowerCase() : "";
  if ((EXTENSION_ALIASES[ext] ?? [ext]).includes(own)) return name;
  return truncateKeepingExtension(`${name}.${ext}`, MAX_NAME_LENGTH);
}

/** The metadata of one uploaded evidence file; the bytes are checked by the data layer. */
export const attachmentUploadSchema = z.object({
  reportId: recordIdSchema,
  fileName: z.string({ error: "badName" }).transform(normalizeFileName),
});

export type AttachmentUploadInput = z.input<typeof attachmentUploadSchema>;
