import { redirect } from "next/navigation";
import { homePath } from "@/lib/auth/permissions";
import { requirePageViewer } from "@/lib/auth/page";

export default async function Home() {
  redirect(homePath(await requirePageViewer()));
}
