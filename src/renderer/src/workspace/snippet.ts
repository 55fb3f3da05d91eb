/** A quote shortened for a list or a panel: white space collapsed, cut at `max` characters with an ellipsis. */
export function snippet(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
