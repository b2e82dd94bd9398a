import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import { requirePasswordCurrent } from "@/lib/data/account";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/data/errors";
import { getViewer, type Viewer } from "./viewer";

/** For pages: the viewer, or off to the sign-in page (or to the password page after a reset). */
export async function requirePageViewer(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect("/login");
  await requirePasswordCurrent();
  return viewer;
}

/** For pages: turns the data layer's refusals into the sign-in page, 403 and 404. */
export async function orRefuse<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof UnauthenticatedError) redirect("/login");
    if (err instanceof ForbiddenError) forbidden();
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
