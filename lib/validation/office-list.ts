// The office list's plain helpers, without the schema library: the task form and the
// administrator's form import them in the browser.

/** The administrator's textarea, one office a line: blank lines dropped, spaces trimmed. */
export function officesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * The choices a task's 牵头处室 field offers: the list, and the task's own value first when it is not
 * on it (an office since renamed or removed stays as it is until someone picks another).
 */
export function officeChoices(offices: readonly string[], current: string): string[] {
  return current !== "" && !offices.includes(current) ? [current, ...offices] : [...offices];
}
