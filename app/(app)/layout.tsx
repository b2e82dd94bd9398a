import { AppShell } from "@/components/layout/app-shell";
import { getViewer } from "@/lib/auth/viewer";
import { isDemoMode } from "@/lib/data/demo";
import { countMyUnread } from "@/lib/data/notifications";
import { countReviewQueue } from "@/lib/data/review";

// The shell only shows who is signed in; each page checks the viewer itself.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const viewer = await getViewer();
  const [unread, toReview] = viewer ? await Promise.all([countMyUnread(), countReviewQueue()]) : [0, 0];
  return (
    <AppShell viewer={viewer} demo={isDemoMode().demo} unread={unread} toReview={toReview}>
      {children}
    </AppShell>
  );
}
