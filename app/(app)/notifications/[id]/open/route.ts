import { NextResponse } from "next/server";
import { openNotification } from "@/lib/data/notifications";
import { NotFoundError, UnauthenticatedError } from "@/lib/data/errors";

type Ctx = { params: Promise<{ id: string }> };

/** Opening a notification marks it read and goes where it leads (a plain link: never prefetched). */
export async function GET(request: Request, { params }: Ctx) {
  const id = Number((await params).id);
  const back = new URL("/notifications", request.url);
  if (!Number.isInteger(id) || id <= 0) return NextResponse.redirect(back, 303);
  try {
    const { link } = await openNotification(id);
    // Only a path of this site: a stored link never sends anyone elsewhere.
    const target = link && link.startsWith("/") && !link.startsWith("//") ? new URL(link, request.url) : back;
    return NextResponse.redirect(target, 303);
  } catch (err) {
    if (err instanceof UnauthenticatedError) return NextResponse.redirect(new URL("/login", request.url), 303);
    if (err instanceof NotFoundError) return NextResponse.redirect(back, 303);
    throw err;
  }
}
