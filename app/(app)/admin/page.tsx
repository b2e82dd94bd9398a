import { forbidden, redirect } from "next/navigation";
import { firstAdminPage } from "@/components/admin/admin-tabs";
import { requirePageViewer } from "@/lib/auth/page";

export default async function AdminPage() {
  const page = firstAdminPage(await requirePageViewer());
  if (!page) forbidden();
  redirect(page);
}
