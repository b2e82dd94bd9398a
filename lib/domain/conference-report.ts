/**
 * Reads a work conference's report (the text published the day of the meeting) into a draft task
 * tree: year, meeting date and issuing body; the enumerated key tasks ("一是…二是…", "The first
 * is…", "Fourth, …") with their titles and measures; quantities that can become indicators; and
 * for every item the span of source text it came from. Rules over the text's own structure only:
 * pure, deterministic, offline. It never throws: what it cannot structure gives a message and an
 * empty tree.
 */

/** Longer texts are refused with a message (a report is a few thousand characters). */
export const MAX_REPORT_CHARS = 100_000;

/** Offsets into the text given: `text.slice(start, end)`. */
export type SourceSpan = { start: number; end: number };

export type IndicatorSuggestion = {
  name: string;
  unit: string;
  target: number | null;
  direction: "higher" | "lower";
  /** binding: a 约束性指标; named: a known indicator (优良天数比例, PM2.5…); quantity: a number with a unit. */
  kind: "binding" | "named" | "quantity";
  span: SourceSpan;
};

export type ParsedMeasure = { title: string; span: SourceSpan };

export type ParsedTask = {
  number: number;
  title: string;
  /** Guiding clauses ("以深化生态文明体制改革为根本动力") that are no measure of their own. */
  description: string;
  span: SourceSpan;
  titleSpan: SourceSpan;
  measures: ParsedMeasure[];
  indicators: IndicatorSuggestion[];
};

/** Another enumeration of the text: a second "一是…" list, or a counted list ("seven systems" of a, b, …). */
export type ParsedEnumeration = { label: string; declared: number | null; span: SourceSpan; items: { title: string; span: SourceSpan }[] };

export type ParseWarning =
  | { code: "countMismatch"; declared: number; found: number }
  | { code: "noYear" }
  | { code: "noMeetingDate" }
  | { code: "noIssuingBody" };

/** Why the tree is empty. */
export type ParseMessage = "empty" | "tooLong" | "noEnumeration" | "notAReport";

export type ParsedReport = {
  language: "zh" | "en";
  year: number | null;
  meetingDate: string | null;
  issuingBody: string | null;
  /** A suggested plan title, from the meeting's name. */
  title: string;
  fieldSpans: { year?: SourceSpan; meetingDate?: SourceSpan; issuingBody?: SourceSpan };
  /** The count the text announces ("七项任务" → 7), when it does. */
  declaredCount: number | null;
  tasks: ParsedTask[];
  enumerations: ParsedEnumeration[];
  /** Suggestions found outside the key tasks. */
  indicators: IndicatorSuggestion[];
  warnings: ParseWarning[];
  message: ParseMessage | null;
};

export function emptyReport(message: ParseMessage | null = null, language: "zh" | "en" = "zh"): ParsedReport {
  return { language, year: null, meetingDate: null, issuingBody: null, title: "", fieldSpans: {}, declaredCount: null, tasks: [], enumerations: [], indicators: [], warnings: [], message };
}

export function parseConferenceReport(input: unknown): ParsedReport {
  const text = typeof input === "string" ? input : "";
  if (text.trim() === "") return emptyReport("empty");
  if (text.length > MAX_REPORT_CHARS) return emptyReport("tooLong");
  try {
    return readReport(text);
  } catch {
    // A rule that trips over an odd text must not cost the officer the page: an empty tree to fill by hand.
    return emptyReport("noEnumeration");
  }
}

// ---------------------------------------------------------------------------------------------

const CJK = /[\u3400-\u9fff]/;
const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 … 九十九 as a number; null when it is not one. */
export function chineseNumeral(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十]+$/.test(s)) return null;
  const ten = s.indexOf("十");
  if (ten === -1) return s.length === 1 ? CN_DIGITS[s]! : null;
  if (s.indexOf("十", ten + 1) !== -1) return null;
  const tens = ten === 0 ? 1 : s.length > 0 && ten === 1 ? CN_DIGITS[s[0]!]! : null;
  const rest = s.slice(ten + 1);
  const ones = rest === "" ? 0 : rest.length === 1 ? CN_DIGITS[rest]! : null;
  if (tens === null || ones === null || tens === undefined || ones === undefined) return null;
  return tens * 10 + ones;
}

const EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
const EN_CARDINALS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const enNumber = (w: string) => {
  const l = w.toLowerCase().replace(/ly$/, "");
  const i = EN_ORDINALS.indexOf(l);
  if (i >= 0) return i + 1;
  const j = EN_CARDINALS.indexOf(l);
  return j >= 0 ? j + 1 : null;
};

function detectLanguage(text: string): "zh" | "en" {
  let cjk = 0;
  let latin = 0;
  for (let i = 0; i < text.length && i < 20_000; i++) {
    const c = text[i]!;
    if (CJK.test(c)) cjk++;
    else if ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z")) latin++;
  }
  return cjk * 4 >= latin ? "zh" : "en";
}

type Marker = { n: number; start: number; contentStart: number; style: string };

/** The rules themselves, unguarded (the property tests check they never throw); callers use parseConferenceReport. */
export function readReport(text: string): ParsedReport {
  const language = detectLanguage(text);
  const report = emptyReport(null, language);
  readHeader(text, language, report);

  const chains = language === "zh" ? chineseChains(text) : englishChains(text);
  const allIndicators = findIndicators(text, language);

  // The key tasks: the list whose introduction speaks of tasks and announces its count, else the first.
  let best: { chain: Marker[]; declared: number | null; score: number } | null = null;
  const described = chains.map((chain) => {
    const intro = introOf(text, chain[0]!.start);
    const declared = declaredCount(intro, language);
    const score = (/任务|重点|要点|工作|key tasks?|tasks|priorit/i.test(intro) ? 2 : 0) + (declared === chain.length ? 1 : 0);
    return { chain, declared, score };
  });
  for (const d of described) if (!best || d.score > best.score) best = d;

  if (best) {
    report.declaredCount = best.declared;
    report.tasks = best.chain.map((m, i) => buildTask(text, language, best!.chain, i, m, allIndicators));
    if (best.declared !== null && best.declared !== best.chain.length) report.warnings.push({ code: "countMismatch", declared: best.declared, found: best.chain.length });
  }
  for (const d of described) {
    if (d === best) continue;
    report.enumerations.push({
      label: labelOf(text, d.chain[0]!.start, language),
      declared: d.declared,
      span: { start: d.chain[0]!.start, end: itemEnd(text, d.chain, d.chain.length - 1) },
      items: d.chain.map((m, i) => {
        const end = itemEnd(text, d.chain, i);
        const t = firstSentence(text, m.contentStart, end, language);
        return { title: cleanTitle(text.slice(t.start, t.end), language), span: { start: m.start, end } };
      }),
    });
  }
  report.enumerations.push(...countedLists(text, language));
  report.enumerations.sort((a, b) => a.span.start - b.span.start);

  const inTask = (s: SourceSpan) => report.tasks.some((t) => s.start >= t.span.start && s.end <= t.span.end);
  report.indicators = allIndicators.filter((ind) => !inTask(ind.span));

  if (report.tasks.length === 0) report.message = report.year === null && report.meetingDate === null && report.issuingBody === null ? "notAReport" : "noEnumeration";
  if (report.year === null) report.warnings.push({ code: "noYear" });
  if (report.meetingDate === null) report.warnings.push({ code: "noMeetingDate" });
  if (report.issuingBody === null) report.warnings.push({ code: "noIssuingBody" });
  return report;
}

// ---------------------------------------------------------------------------------------------
// Year, meeting date, issuing body, title

const EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

function isoDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const plausibleYear = (y: number) => y >= 2000 && y <= 2100;

function readHeader(text: string, language: "zh" | "en", r: ParsedReport) {
  const head = text.slice(0, 8000);
  if (language === "zh") {
    const meeting = /(\d{4})年[\u3400-\u9fff“”"]{2,40}?(?:工作会议|会议|大会)/.exec(head);
    const deploy = /(?:部署|安排|落实好?)(\d{4})年/.exec(head);
    const yearHit = meeting ?? deploy ?? /(\d{4})年/.exec(head);
    if (yearHit && plausibleYear(Number(yearHit[1]))) {
      r.year = Number(yearHit[1]);
      const at = yearHit.index + yearHit[0].indexOf(yearHit[1]!);
      r.fieldSpans.year = { start: at, end: at + 4 };
    }
    if (meeting) r.title = `${meeting[0].replace(/召开$/, "")}重点任务`;
    else if (r.year !== null) r.title = `${r.year}年重点任务`;

    const published = /发布(?:时间|日期)[:：]?\s*(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})/.exec(head);
    const dated = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/.exec(head);
    if (dated) {
      const y = dated[1] ? Number(dated[1]) : published ? Number(published[1]) : r.year;
      const iso = y === null ? null : isoDate(y, Number(dated[2]), Number(dated[3]));
      if (iso) {
        r.meetingDate = iso;
        r.fieldSpans.meetingDate = { start: dated.index, end: dated.index + dated[0].length };
      }
    }
    const body = /([\u3400-\u9fff]{2,24}?(?:厅|局|委员会|部|办公室|人民政府|政府))(?:党组)?(?:在[\u3400-\u9fff]{2,12}?)?(?:召开|举行|组织召开)/.exec(head);
    if (body) {
      r.issuingBody = fullBodyName(text, body[1]!);
      r.fieldSpans.issuingBody = { start: body.index, end: body.index + body[1]!.length };
    }
  } else {
    const meeting = /\bthe ((\d{4}) [A-Z][^.]{0,200}?(?:Conference|Meeting))/.exec(head);
    const deploy = /key tasks (?:in|for|of) (\d{4})/i.exec(head);
    const yearHit = meeting ? { index: meeting.index + 4, value: meeting[2]! } : deploy ? { index: deploy.index + deploy[0].length - 4, value: deploy[1]! } : null;
    if (yearHit && plausibleYear(Number(yearHit.value))) {
      r.year = Number(yearHit.value);
      r.fieldSpans.year = { start: yearHit.index, end: yearHit.index + 4 };
    }
    if (meeting) r.title = `Key tasks of the ${meeting[1]}`;
    else if (r.year !== null) r.title = `Key tasks of ${r.year}`;
    const dated = /\b(?:On )?(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})(?:st|nd|rd|th)?(?:, (\d{4}))?/.exec(head);
    if (dated) {
      const y = dated[3] ? Number(dated[3]) : r.year;
      const iso = y === null ? null : isoDate(y, EN_MONTHS.indexOf(dated[1]!.toLowerCase()) + 1, Number(dated[2]));
      if (iso) {
        r.meetingDate = iso;
        r.fieldSpans.meetingDate = { start: dated.index, end: dated.index + dated[0].length };
      }
    }
    const body = /\bthe ((?:Department|Bureau|Ministry|Office|Commission|Government|People's Government)\b[^,.;]{0,120}?) (?:held|convened|organized|hosted)\b/.exec(head);
    if (body) {
      r.issuingBody = body[1]!;
      const at = body.index + 4;
      r.fieldSpans.issuingBody = { start: at, end: at + body[1]!.length };
    }
  }
}

/** "自治区生态环境厅" as the text names it in full elsewhere ("内蒙古自治区生态环境厅"), when it does. */
function fullBodyName(text: string, body: string): string {
  let best = body;
  for (let at = text.indexOf(body); at !== -1 && at < 200_000; at = text.indexOf(body, at + 1)) {
    let s = at;
    while (s > 0 && at - s < 6 && CJK.test(text[s - 1]!)) s--;
    // Only a whole run of Chinese characters is a name's prefix ("来源: 内蒙古…", not "…党组成员、自治区…").
    if (s < at && (s === 0 || !CJK.test(text[s - 1]!)) && /(?:内蒙古|新疆维吾尔|广西壮族|宁夏回族|西藏|[\u3400-\u9fff]{1,3}[省市县区盟旗])$/.test(text.slice(s, at))) {
      const candidate = text.slice(s, at) + body;
      if (candidate.length > best.length) best = candidate;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Enumerations

/** Where a marker may start: the text's start, or after a sentence, clause or line ends. */
function atBoundary(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t" || text[i] === "\u3000")) i--;
  return i < 0 || "：:。；;！!？?.\n\r，,”\"".includes(text[i]!);
}

function chineseChains(text: string): Marker[][] {
  const markers: Marker[] = [];
  const styles: [RegExp, string][] = [
    [/([一二三四五六七八九十]{1,3})(?:是|要|为)/g, "shi"],
    [/[（(]([一二三四五六七八九十]{1,3})[）)]/g, "paren"],
    [/第([一二三四五六七八九十]{1,3})[，,、]/g, "ordinal"],
  ];
  for (const [re, style] of styles) {
    for (const m of text.matchAll(re)) {
      const n = chineseNumeral(m[1]!);
      if (n === null || n < 1 || !atBoundary(text, m.index)) continue;
      markers.push({ n, start: m.index, contentStart: m.index + m[0].length, style });
    }
  }
  // "一、" headings at the start of a line.
  for (const m of text.matchAll(/(^|\n)[ \t\u3000]*([一二三四五六七八九十]{1,3})、/g)) {
    const n = chineseNumeral(m[2]!);
    if (n === null || n < 1) continue;
    const start = m.index + m[0].indexOf(m[2]!);
    markers.push({ n, start, contentStart: m.index + m[0].length, style: "heading" });
  }
  return chainsOf(markers);
}

function englishChains(text: string): Marker[][] {
  const ord = EN_ORDINALS.map(cap).join("|");
  const card = EN_CARDINALS.map(cap).join("|");
  const re = new RegExp(`The (${EN_ORDINALS.join("|")}) (?:is|are)(?: to)?|(${ord})(?:ly)?,|(${card}) (?:is|are)(?: to)?(?=[\\s a-z])`, "g");
  const markers: Marker[] = [];
  for (const m of text.matchAll(re)) {
    const n = enNumber(m[1] ?? m[2] ?? m[3]!);
    if (n === null || !atBoundary(text, m.index)) continue;
    markers.push({ n, start: m.index, contentStart: m.index + m[0].length, style: "en" });
  }
  return chainsOf(markers);
}

/** Runs of one style numbered 1, 2, 3 … in order; at least two items. */
function chainsOf(markers: Marker[]): Marker[][] {
  const byStyle = new Map<string, Marker[]>();
  for (const m of markers) byStyle.set(m.style, [...(byStyle.get(m.style) ?? []), m]);
  const chains: Marker[][] = [];
  for (const list of byStyle.values()) {
    list.sort((a, b) => a.start - b.start);
    let current: Marker[] = [];
    for (const m of list) {
      if (m.n === 1) {
        if (current.length >= 2) chains.push(current);
        current = [m];
      } else if (current.length > 0 && m.n === current.at(-1)!.n + 1) current.push(m);
    }
    if (current.length >= 2) chains.push(current);
  }
  // Overlapping chains (a "（一）" list inside "一、" sections): keep the earlier-starting, longer one.
  chains.sort((a, b) => a[0]!.start - b[0]!.start || b.length - a.length);
  const kept: Marker[][] = [];
  for (const c of chains) {
    const s = c[0]!.start;
    const e = c.at(-1)!.start;
    if (kept.some((k) => s <= k.at(-1)!.start && e >= k[0]!.start && k[0]!.style === c[0]!.style)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a[0]!.start - b[0]!.start);
}

/** An item runs to the next marker; the last one to the end of its paragraph (of the text, for headings). */
function itemEnd(text: string, chain: Marker[], i: number): number {
  const next = chain[i + 1];
  let end: number;
  if (next) end = next.start;
  else if (chain[i]!.style === "heading") end = text.length;
  else {
    const nl = text.indexOf("\n", chain[i]!.contentStart);
    end = nl === -1 ? text.length : nl;
  }
  while (end > chain[i]!.contentStart && /\s/.test(text[end - 1]!)) end--;
  return end;
}

/** The sentence that introduces a list: back from its first marker to the previous sentence's end. */
function introOf(text: string, at: number, maxBack = 300): string {
  let s = at;
  while (s > 0 && at - s < maxBack && !"。！？\n".includes(text[s - 1]!) && !(text[s - 1] === "." && !/\d/.test(text[s - 2] ?? ""))) s--;
  return text.slice(s, at);
}

function declaredCount(intro: string, language: "zh" | "en"): number | null {
  if (language === "zh") {
    const all = [...intro.matchAll(/([一二两三四五六七八九十]{1,3}|\d{1,2})(?:项|个|方面|件|条|大)(?:重点|主要)?(?:任务|工作|举措|措施|方面|要点|事)?/g)];
    const last = all.at(-1);
    return last ? chineseNumeral(last[1]!) : null;
  }
  const m = /\b(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}) (?:key |major |main |important )?(?:tasks|points|aspects|areas|priorities|things)\b/i.exec(intro);
  if (!m) return null;
  return /^\d+$/.test(m[1]!) ? Number(m[1]) : enNumber(m[1]!);
}

/** A list's name: the clause that introduces it, else the start of the sentence before it. */
function labelOf(text: string, at: number, language: "zh" | "en"): string {
  const max = language === "zh" ? 40 : 100;
  const short = (s: string) => (s.length > max ? `${s.slice(0, max).trimEnd()}…` : s);
  const intro = introOf(text, at).trim().replace(/[：:，,]$/, "");
  const clause = intro.split(language === "zh" ? /[，；]/ : /[,;]\s/).at(-1)?.trim() ?? "";
  if (clause) return short(clause);
  let s = at;
  while (s > 0 && /[\s.。；;]/.test(text[s - 1]!)) s--;
  const previous = introOf(text, s, 2000).trim();
  const first = previous.split(language === "zh" ? /[，；]/ : /[,;]\s/)[0]?.trim() ?? "";
  return short(first) || (language === "zh" ? "列举" : "Enumeration");
}

const CN_COUNT = "一二两三四五六七八九十";
/** Counted lists: “七大体系”：a、b、c … or "seven systems" of a, b, … and c. */
function countedLists(text: string, language: "zh" | "en"): ParsedEnumeration[] {
  const out: ParsedEnumeration[] = [];
  const re =
    language === "zh"
      ? new RegExp(`[“"]?([${CN_COUNT}]{1,3})(?:大|个|项|条)?([\\u3400-\\u9fff]{1,8})[”"]?(?:[：:]|，?(?:即|包括))`, "g")
      : /"(one|two|three|four|five|six|seven|eight|nine|ten) ([a-z][a-z -]{1,40})" of /gi;
  for (const m of text.matchAll(re)) {
    const count = /^\d+$/.test(m[1]!) ? Number(m[1]) : language === "zh" ? chineseNumeral(m[1]!) : enNumber(m[1]!);
    if (count === null || count < 2) continue;
    const listStart = m.index + m[0].length;
    const items = splitList(text, listStart, count, language);
    if (items.length !== count) continue;
    out.push({ label: m[0].replace(/[：:]$|\s+of\s*$|，?(?:即|包括)$/g, "").trim(), declared: count, span: { start: m.index, end: items.at(-1)!.span.end }, items });
  }
  return out;
}

function splitList(text: string, from: number, count: number, language: "zh" | "en"): { title: string; span: SourceSpan }[] {
  const items: { title: string; span: SourceSpan }[] = [];
  let i = from;
  const stop = language === "zh" ? "。；\n" : ".;\n";
  const seps = language === "zh" ? "、，," : ",";
  while (items.length < count && i < text.length && i - from < 2000) {
    let j = i;
    while (j < text.length && !seps.includes(text[j]!) && !stop.includes(text[j]!)) j++;
    let s = i;
    while (s < j && /\s/.test(text[s]!)) s++;
    let title = text.slice(s, j).trim();
    if (language === "en" && /^and\s/.test(title)) {
      s += 4;
      title = title.slice(4);
    }
    if (language === "zh") title = title.replace(/^(?:和|及|以及|与)/, "");
    if (title) items.push({ title, span: { start: s, end: s + text.slice(s, j).trimEnd().length } });
    if (j >= text.length || stop.includes(text[j]!)) break;
    i = j + 1;
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Items: title, measures, indicators

const OPEN_QUOTES = "“《（(「【‘";
const CLOSE_QUOTES = "”》）)」】’";

/** Spans between separators at quote depth 0, trimmed, within [from, to). */
function splitOutsideQuotes(text: string, from: number, to: number, isSeparator: (i: number) => boolean): SourceSpan[] {
  const out: SourceSpan[] = [];
  let depth = 0;
  let straight = false;
  let s = from;
  for (let i = from; i < to; i++) {
    const c = text[i]!;
    if (OPEN_QUOTES.includes(c)) depth++;
    else if (CLOSE_QUOTES.includes(c)) depth = Math.max(0, depth - 1);
    else if (c === '"') straight = !straight;
    else if (depth === 0 && !straight && isSeparator(i)) {
      out.push({ start: s, end: i });
      s = i + 1;
    }
  }
  out.push({ start: s, end: to });
  return out.map((sp) => trimSpan(text, sp)).filter((sp) => sp.end > sp.start);
}

function trimSpan(text: string, sp: SourceSpan): SourceSpan {
  let { start, end } = sp;
  while (start < end && /[\s，,。；;、.]/.test(text[start]!)) start++;
  while (end > start && /[\s，,。；;、.]/.test(text[end - 1]!)) end--;
  return { start, end };
}

const zhSentenceEnd = (text: string, i: number) => "。；！？;!?".includes(text[i]!);
const enSentenceEnd = (text: string, i: number) => {
  const c = text[i]!;
  if (c === ";" || c === "!" || c === "?") return true;
  if (c !== ".") return false;
  // Not a decimal point (PM2.5), not an initial.
  if (/\d/.test(text[i - 1] ?? "") && /\d/.test(text[i + 1] ?? "")) return false;
  const next = text[i + 1];
  return next === undefined || /[\s"A-Z]/.test(next);
};

function firstSentence(text: string, from: number, to: number, language: "zh" | "en"): SourceSpan {
  const parts = splitOutsideQuotes(text, from, to, (i) => (language === "zh" ? zhSentenceEnd(text, i) : enSentenceEnd(text, i)));
  return parts[0] ?? { start: from, end: from };
}

function cleanTitle(s: string, language: "zh" | "en"): string {
  let t = s.trim().replace(/[。；;.，,]+$/, "");
  if (language === "en") t = cap(t.replace(/^(?:yes|to)\s*(?=[A-Za-z])/i, "").replace(/^to\s+/i, ""));
  return t;
}

const ZH_LEADING = /^(?:同时|此外|另外|并且|而且|以及|进而|还要|同时要|要|并)[，,]?/;
const EN_LEADING = /^(?:and\s+|(?:at the same time|meanwhile|in addition|also|moreover|furthermore)(?:,\s*|\s+|$)|we (?:should|will|must|shall|need to)\s+|it is necessary to\s+|so as to\s+)+/i;
const ZH_GUIDING = /^以.{1,40}?为(?:根本动力|动力|引领|抓手|主线|导向|目标|重点|核心|基础|保障|指导|统领|牵引|契机|突破口)$/;
const EN_GUIDING = /^(?:in line with|guided by|based on|in accordance with|taking .{1,80} as|with .{1,80} as)\b/i;

/** Verbs and adverbs an English measure begins with: a clause after ", " that starts with one is a new measure. */
const EN_VERBS = new Set(
  (
    "accelerate achieve actively adapt adhere advance always boost build carefully carry complete comprehensively conscientiously consolidate continuously control coordinate create deepen deliver do effectively enhance ensure establish expand explore firmly focus forge formulate fully further gather give guarantee have implement improve increase insist investigate keep launch maintain make open optimize organize persist play prevent promote protect provide rectify reduce resolutely rigorously set solidly steadily strengthen strictly strive support thoroughly unswervingly upgrade vigorously we work"
  ).split(" "),
);

function measureClauses(text: string, from: number, to: number, language: "zh" | "en"): SourceSpan[] {
  if (language === "zh") return splitOutsideQuotes(text, from, to, (i) => "，,。；;！？".includes(text[i]!));
  const sentences = splitOutsideQuotes(text, from, to, (i) => enSentenceEnd(text, i));
  return sentences.flatMap((sp) =>
    splitOutsideQuotes(text, sp.start, sp.end, (i) => {
      if (text[i] !== ",") return false;
      const after = /^\s*(?:and\s+)?([A-Za-z]+)/.exec(text.slice(i + 1, i + 40));
      return Boolean(after && EN_VERBS.has(after[1]!.toLowerCase()));
    }),
  );
}

function cleanMeasure(text: string, sp: SourceSpan, language: "zh" | "en"): { title: string; span: SourceSpan } {
  const raw = text.slice(sp.start, sp.end);
  const re = language === "zh" ? ZH_LEADING : EN_LEADING;
  let cut = 0;
  for (let k = 0; k < 3; k++) {
    const m = re.exec(raw.slice(cut));
    if (!m || m[0].length === 0) break;
    cut += m[0].length;
  }
  const start = sp.start + cut;
  let title = text.slice(start, sp.end).trim();
  if (language === "en") title = cap(title);
  return { title, span: { start, end: sp.end } };
}

function buildTask(text: string, language: "zh" | "en", chain: Marker[], i: number, m: Marker, indicators: IndicatorSuggestion[]): ParsedTask {
  const end = itemEnd(text, chain, i);
  let titleSpan = firstSentence(text, m.contentStart, end, language);
  let restFrom = titleSpan.end;
  // A long first sentence in Chinese: its first clause is the title, the others are measures.
  if (language === "zh" && titleSpan.end - titleSpan.start > 40) {
    const first = splitOutsideQuotes(text, titleSpan.start, titleSpan.end, (k) => "，,".includes(text[k]!))[0];
    if (first && first.end < titleSpan.end) {
      titleSpan = first;
      restFrom = first.end;
    }
  }
  const guiding: string[] = [];
  const measures: ParsedMeasure[] = [];
  for (const sp of measureClauses(text, restFrom, end, language)) {
    const cleaned = cleanMeasure(text, sp, language);
    if (!cleaned.title) continue;
    if ((language === "zh" ? ZH_GUIDING : EN_GUIDING).test(cleaned.title)) guiding.push(cleaned.title);
    else measures.push(cleaned);
  }
  return {
    number: i + 1,
    title: cleanTitle(text.slice(titleSpan.start, titleSpan.end), language),
    description: guiding.join(language === "zh" ? "；" : "; "),
    span: { start: m.start, end },
    titleSpan,
    measures,
    indicators: indicators.filter((ind) => ind.span.start >= m.start && ind.span.end <= end),
  };
}

// ---------------------------------------------------------------------------------------------
// Indicators

type Known = { re: RegExp; name: string; unit: string; direction: "higher" | "lower" };
const KNOWN_ZH: Known[] = [
  { re: /(?:空气质量)?优良天数比例/g, name: "优良天数比例", unit: "%", direction: "higher" },
  { re: /(?:细颗粒物[（(])?PM2\.5[）)]?(?:平均)?浓度|PM2\.5|细颗粒物(?:平均)?浓度/g, name: "PM2.5浓度", unit: "微克/立方米", direction: "lower" },
  { re: /重污染天数比例/g, name: "重污染天数比例", unit: "%", direction: "lower" },
  { re: /(?:地表水)?(?:国控断面)?(?:水质)?优良(?:水体)?比例/g, name: "地表水优良水体比例", unit: "%", direction: "higher" },
  { re: /劣[VⅤ5五]类水体比例/g, name: "劣Ⅴ类水体比例", unit: "%", direction: "lower" },
  { re: /受污染耕地安全利用率/g, name: "受污染耕地安全利用率", unit: "%", direction: "higher" },
  { re: /重点建设用地安全利用(?:率)?/g, name: "重点建设用地安全利用率", unit: "%", direction: "higher" },
  { re: /森林覆盖率/g, name: "森林覆盖率", unit: "%", direction: "higher" },
  { re: /草原综合植被盖度/g, name: "草原综合植被盖度", unit: "%", direction: "higher" },
  { re: /单位(?:GDP|地区生产总值)二氧化碳排放(?:降低|下降)?/g, name: "单位GDP二氧化碳排放降低率", unit: "%", direction: "higher" },
];
const KNOWN_EN: Known[] = [
  { re: /proportion of (?:days with good air quality|good air quality days)|good air quality days ratio/gi, name: "Proportion of days with good air quality", unit: "%", direction: "higher" },
  { re: /PM2\.5(?: concentration)?|fine particulate matter(?: concentration)?/g, name: "PM2.5 concentration", unit: "µg/m³", direction: "lower" },
  { re: /heavily polluted days/gi, name: "Heavily polluted days", unit: "%", direction: "lower" },
];

const ZH_UNITS = "%|％|个百分点|微克/立方米|μg/m³|µg/m³|万吨|吨|万亩|亩|万公顷|公顷|平方公里|万千瓦|千瓦|公里|千米|亿元|万元|座|家|个|项|处|天";
const EN_UNITS = "%|percent|percentage points|micrograms per cubic meter|µg/m³|tons|tonnes|mu|hectares|square kilometers|kilometers|km|days";
const LOWER_WORDS_ZH = /下降|降低|减少|控制在|不高于|不超过|以内|以下|削减/;
const LOWER_WORDS_EN = /\b(?:reduce|reduced|reduction|decrease|below|no more than|at most|within|cut)\b/i;

function findIndicators(text: string, language: "zh" | "en"): IndicatorSuggestion[] {
  const found: IndicatorSuggestion[] = [];
  const taken = (s: SourceSpan) => found.some((f) => s.start < f.span.end && f.span.start < s.end);
  const clauseAround = (at: number): SourceSpan => {
    const stops = language === "zh" ? "，,。；;！？\n" : ",.;\n";
    let s = at;
    while (s > 0 && !stops.includes(text[s - 1]!) && at - s < 120) s--;
    let e = at;
    while (e < text.length && !stops.includes(text[e]!) && e - at < 120) e++;
    if (language === "en") while (e < text.length && text[e] === "." && /\d/.test(text[e + 1] ?? "")) for (e++; e < text.length && !stops.includes(text[e]!) && e - at < 160; e++);
    return { start: s, end: e };
  };
  const quantityRe = new RegExp(`(\\d+(?:\\.\\d+)?)\\s*(${language === "zh" ? ZH_UNITS : EN_UNITS})(?![A-Za-z])`, "g");
  // 约束性指标 / binding indicators: the noun phrase before it, without its verb.
  const binding = language === "zh" ? /约束性指标/g : /binding (?:indicators?|targets?)/gi;
  for (const m of text.matchAll(binding)) {
    let s = m.index;
    while (s > 0 && m.index - s < 24 && /[\u3400-\u9fff“”"A-Za-z0-9]/.test(text[s - 1]!) && language === "zh") s--;
    let name = text.slice(s, m.index + m[0].length);
    const verb = /^(?:全面完成|完成|确保|实现|落实|达到|推进|下达的?|各项)+/.exec(name);
    if (verb) {
      s += verb[0].length;
      name = name.slice(verb[0].length);
    }
    if (language === "en") {
      const sp = clauseAround(m.index);
      s = sp.start;
      name = text.slice(sp.start, m.index + m[0].length).trim();
      s = m.index + m[0].length - name.length;
    }
    found.push({ name, unit: "", target: null, direction: "higher", kind: "binding", span: { start: s, end: m.index + m[0].length } });
  }
  for (const k of language === "zh" ? KNOWN_ZH : KNOWN_EN) {
    for (const m of text.matchAll(k.re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (taken(span)) continue;
      const clause = clauseAround(m.index);
      const q = new RegExp(quantityRe.source).exec(text.slice(span.end, Math.max(span.end, clause.end)));
      const end = q ? span.end + q.index + q[0].length : span.end;
      found.push({ name: k.name, unit: q ? normalUnit(q[2]!) : k.unit, target: q ? Number(q[1]) : null, direction: k.direction, kind: "named", span: { start: span.start, end } });
    }
  }
  for (const m of text.matchAll(quantityRe)) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (taken(span)) continue;
    const clause = clauseAround(m.index);
    const before = text.slice(clause.start, m.index);
    const name = (language === "zh" ? before.replace(/(?:达到|不低于|不高于|不超过|控制在|稳定在|保持在|提高到|提升到|下降|降低|减少|力争|超过|完成|确保|约|累计|以上|以内|分别)+$/, "") : before.replace(/\b(?:to|at|by|of|reach|reaches|above|below|within|no more than|at least|about)\s*$/i, "")).trim();
    if (!name) continue;
    const lower = (language === "zh" ? LOWER_WORDS_ZH : LOWER_WORDS_EN).test(text.slice(clause.start, clause.end));
    found.push({ name: name.slice(-60), unit: normalUnit(m[2]!), target: Number(m[1]), direction: lower ? "lower" : "higher", kind: "quantity", span: { start: clause.start + (before.length - before.trimStart().length), end: span.end } });
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}

function normalUnit(u: string): string {
  if (u === "％" || u === "percent") return "%";
  if (u === "μg/m³" || u === "micrograms per cubic meter") return "µg/m³";
  return u;
}
