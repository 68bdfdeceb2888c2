/** True when `source` compiles as a JavaScript regular expression with `flags`: the check the content and evaluation schemas make of their patterns. */
export function compilesAsRegExp(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}
