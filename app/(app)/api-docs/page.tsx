import { getTranslations } from "next-intl/server";
import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { Table, Td } from "@/components/ui/table";
import { openApiDocument } from "@/lib/api/openapi";
import { requirePageViewer } from "@/lib/auth/page";

export const metadata: Metadata = { title: "API v1" };

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  description?: string;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  default?: unknown;
};
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  summary?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: Schema }> }>;
  security?: unknown[];
};

/** The docs' tables are lists of names: cells closer than a data table's. */
const compact = "mt-1 [&_td]:px-2 [&_td]:py-1";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const refName = (ref: string) => ref.split("/").at(-1)!;

/** A schema in one line: a type, an enum, a link to a named component. */
function typeLabel(s: Schema | undefined): React.ReactNode {
  if (!s) return "any";
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`} className="text-brand-700 underline">{refName(s.$ref)}</a>;
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map((a, i) => <span key={i}>{i > 0 && " | "}{typeLabel(a)}</span>);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.type === "array") return <>{typeLabel(s.items)}[]</>;
  const type = Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? (s.properties ? "object" : "any"));
  // Safe-integer bounds say nothing to a reader.
  const bound = (n: number | undefined) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? "" : String(n));
  const range = bound(s.minimum) || bound(s.maximum) ? ` ${bound(s.minimum)}…${bound(s.maximum)}` : "";
  return `${type}${s.format ? ` (${s.format})` : ""}${range}`;
}

function Properties({ schema }: { schema: Schema }) {
  if (!schema.properties) return <p className="text-sm">{typeLabel(schema)}</p>;
  return (
    <Table className={compact}>
      <tbody>
        {Object.entries(schema.properties).map(([name, p]) => (
          <tr key={name}>
            <Td className="font-mono">{name}{schema.required?.includes(name) ? "" : "?"}</Td>
            <Td className="font-mono text-slate-700">{typeLabel(p)}</Td>
            <Td className="text-slate-500">{p.description}{p.default !== undefined ? ` (default ${JSON.stringify(p.default)})` : ""}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/** The API's OpenAPI document, rendered here for people (the JSON is at /api/v1/openapi.json). */
export default async function ApiDocsPage() {
  await requirePageViewer();
  const t = await getTranslations("apiDocs");
  const doc = JSON.parse(JSON.stringify(openApiDocument())) as {
    info: { title: string; version: string; description?: string };
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m]! })));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{doc.info.title} <span className="text-base text-slate-500">v{doc.info.version}</span></h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">{doc.info.description}</p>
        <p className="mt-1 text-sm">
          {t("baseUrl")} <code>/api/v1</code> · <a href="/api/v1/openapi.json" className="text-brand-700 underline">openapi.json</a>
        </p>
      </div>
      <nav className="text-sm">
        <ul className="grid gap-1 sm:grid-cols-2">
          {operations.map(({ path, method, op }) => (
            <li key={`${method} ${path}`}>
              <a href={`#${method}-${path}`} className="font-mono"><span className="uppercase text-slate-500">{method}</span> {path}</a> <span className="text-slate-500">— {op.summary}</span>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, op }) => {
        const body = op.requestBody?.content["application/json"]?.schema;
        return (
          <Card key={`${method} ${path}`} id={`${method}-${path}`}>
            <h2 className="font-mono text-lg"><span className="uppercase text-brand-700">{method}</span> {path}</h2>
            <p className="text-sm text-slate-600">{op.summary}{op.security?.length === 0 ? ` · ${t("noToken")}` : ""}</p>
            {op.parameters && op.parameters.length > 0 && (
              <>
                <h3 className="mt-3 text-sm font-semibold">{t("parameters")}</h3>
                <Table className={compact}>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${p.in}-${p.name}`}>
                        <Td className="font-mono">{p.name}{p.required ? "" : "?"}</Td>
                        <Td className="text-slate-500">{p.in}</Td>
                        <Td className="font-mono text-slate-700">{typeLabel(p.schema)}</Td>
                        <Td className="text-slate-500">{p.description ?? p.schema?.description}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </>
            )}
            {body && (
              <>
                <h3 className="mt-3 text-sm font-semibold">{t("body")}</h3>
                <Properties schema={body} />
              </>
            )}
            <h3 className="mt-3 text-sm font-semibold">{t("responses")}</h3>
            <ul className="text-sm">
              {Object.entries(op.responses).map(([status, r]) => {
                const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
                return (
                  <li key={status}>
                    <span className="font-mono">{status}</span> {r.description}
                    {media?.schema && <> · <span className="font-mono">{typeLabel(media.schema)}</span> <span className="text-slate-400">{type}</span></>}
                  </li>
                );
              })}
            </ul>
          </Card>
        );
      })}
      <h2 className="text-xl font-semibold">{t("schemas")}</h2>
      {Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => (
        <Card key={name} id={`schema-${name}`}>
          <h3 className="font-mono">{name}</h3>
          {schema.description && <p className="text-sm text-slate-600">{schema.description}</p>}
          <Properties schema={schema} />
        </Card>
      ))}
    </div>
  );
}
