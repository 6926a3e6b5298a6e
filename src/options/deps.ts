// What the options page needs from the browser, passed in so tests can stand in for it.
export interface OptionsDeps {
  now: () => number;
  createObjectURL: (blob: Blob) => string;
  revokeObjectURL: (url: string) => void;
}

export function browserOptionsDeps(): OptionsDeps {
  return {
    now: Date.now,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
  };
}
