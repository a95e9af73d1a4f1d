/** The longest content search text: longer ones are refused with a short error (and the scan stays linear). */
export const MAX_SEARCH_TEXT_CHARS = 500;
