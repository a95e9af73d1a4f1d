export const vsixFile: string;
export const tarballFile: string;
export function packageBoth(): { vsixFile: string; tarballFile: string };
