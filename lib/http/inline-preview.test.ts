import { describe, expect, it } from "vitest";
import { inlinePreviewHeaders } from "./inline-preview";

describe("inlinePreviewHeaders: only photos and PDFs are shown in the page", () => {
  it.each(["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/html", "image/svg+xml", "application/octet-stream"])("%s stays a download", (type) => {
    expect(inlinePreviewHeaders(type, "x")).toBeNull();
  });
  it("a photo: inline, framable by our pages only, still sandboxed", () => {
    expect(inlinePreviewHeaders("image/jpeg", "现场照片.jpg")).toMatchObject({
      "Content-Disposition": "inline; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.jpg",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'; sandbox",
      "X-Frame-Options": "SAMEORIGIN",
    });
  });
  it("a PDF: inline without the sandbox the PDF viewer refuses, loading nothing", () => {
    const h = inlinePreviewHeaders("application/pdf", "a.pdf")!;
    expect(h["Content-Security-Policy"]).toBe("default-src 'none'; frame-ancestors 'self'");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
  });
});
