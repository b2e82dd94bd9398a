/** A text field of a submitted form ("" when absent): what every form reads before it checks the value with its schema. */
export function fieldText(fd: FormData, name: string): string {
  const v = fd.get(name);
  return typeof v === "string" ? v : "";
}
