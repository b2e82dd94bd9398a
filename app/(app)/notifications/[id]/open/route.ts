import { openNotification } from "@/lib/data/notifications";
import { NotFoundError, UnauthenticatedError } from "@/lib/data/errors";

type Ctx = { params: Promise<{ id: string }> };

/** Opening a notification marks it read and goes where it leads (a plain link: never prefetched). */
export async function GET(_request: Request, { params }: Ctx) {
  const id = Number((await params).id);
  // A relative Location: the browser stays on the host (and with the cookie) it came with, whatever the server thinks its URL is.
  const go = (to: string) => new Response(null, { status: 303, headers: { Location: to, "Cache-Control": "private, no-store" } });
  const back = "/notifications";
  if (!Number.isInteger(id) || id <= 0) return go(back);
  try {
    const { link } = await openNotification(id);
    // Only a path of this site: a stored link never sends anyone elsewhere.
    return go(link && link.startsWith("/") && !link.startsWith("//") && !link.startsWith("/\\") ? link : back);
  } catch (err) {
    if (err instanceof UnauthenticatedError) return go("/login");
    if (err instanceof NotFoundError) return go(back);
    throw err;
  }
}
