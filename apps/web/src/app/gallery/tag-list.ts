/** "sea, Summer ,," → ["sea", "Summer"]; the API puts tags in their one form. */
export function tagList(text: string): string[] {
  return text.split(',').map((tag) => tag.trim()).filter(Boolean);
}
