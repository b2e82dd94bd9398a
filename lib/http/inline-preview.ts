/**
 * The headers of an evidence file shown inside one of our pages (`/api/attachments/{id}?inline=1`):
 * photos and PDFs only, everything else null (it stays a download). Pure, so that it can be
 * unit-tested; next.config.js and the proxy leave these responses' framing headers to the route.
 */
const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;

/** Is this request a preview? The proxy and next.config.js must not put their DENY framing headers on it. */
export const INLINE_PREVIEW_PATH = /^\/api\/attachments\/\d+$/;

export function inlinePreviewHeaders(contentType: string, fileName: string): Record<string, string> | null {
  const pdf = contentType === "application/pdf";
  if (!pdf && !INLINE_IMAGE.test(contentType)) return null;
  return {
    "Content-Type": contentType,
    "Content-Disposition": `inline; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    // Framed by our own pages only; a photo keeps the sandbox, a PDF cannot (the viewer would refuse to render).
    "Content-Security-Policy": pdf ? "default-src 'none'; frame-ancestors 'self'" : "default-src 'none'; frame-ancestors 'self'; sandbox",
    "X-Frame-Options": "SAMEORIGIN",
  };
}
