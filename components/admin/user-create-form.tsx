"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field, Input } from "@/components/ui/field";
import { useFormAction } from "@/components/ui/use-form-action";
import { createUserAction } from "@/lib/actions/admin";
import type { UserCreateInput } from "@/lib/validation/user";
import { useErrorCodes } from "./error-text";
import { OneTimePasswords } from "./one-time-passwords";
import { BUSINESS_ROLES, UserFields, type RegionChoice } from "./user-fields";
import { fieldText } from "@/components/ui/form-data";

/** The shared schema, fetched when the page is idle: zod stays out of the first load. */
const loadUserCreateSchema = () => import("@/lib/validation/user").then((m) => m.userCreateSchema);

/** Creates a user; the one-time password is shown once, here (it is the outcome: no toast beside it). */
export function UserCreateForm({ regions }: { regions: RegionChoice[] }) {
  const t = useTranslations("admin.users");
  const ref = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<{ username: string; password: string } | null>(null);
  const form = useFormAction<UserCreateInput, { username: string; oneTimePassword: string }>({
    action: createUserAction,
    schema: loadUserCreateSchema,
    errorText: useErrorCodes("admin"),
    onOk: (res) => {
      setCreated({ username: res.username, password: res.oneTimePassword });
      ref.current?.reset();
    },
  });
  return (
    <Card>
      <form
        ref={ref}
        data-testid="user-create-form"
        noValidate
        className="space-y-3 text-sm"
        onSubmit={(e) => {
          e.preventDefault();
          const fd = new FormData(e.currentTarget);
          setCreated(null);
          form.submit({
            username: fieldText(fd, "username"),
            name: fieldText(fd, "name"),
            role: fieldText(fd, "role") as "bureau",
            regionCode: fieldText(fd, "regionCode"),
            office: fieldText(fd, "office"),
            email: fieldText(fd, "email"),
            phone: fieldText(fd, "phone"),
          });
        }}
      >
        <CardHeader title={t("createTitle")} className="mb-0" />
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
          <Field label={t("username")} error={form.error("username")}>
            {(control) => <Input name="username" required autoComplete="off" {...control} />}
          </Field>
          <Field label={t("name")} error={form.error("name")}>
            {(control) => <Input name="name" required {...control} />}
          </Field>
          <UserFields regions={regions} roleChoices={BUSINESS_ROLES} error={form.error} />
        </div>
        <Button type="submit" variant="primary" disabled={form.busy}>
          {t("create")}
        </Button>
        {created && <OneTimePasswords title={t("created", { username: created.username })} accounts={[created]} />}
      </form>
    </Card>
  );
}
