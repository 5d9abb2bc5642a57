/** One entry of the key legend at the bottom of every screen. */
export interface LegendItem {
  keys: string;
  label: string;
}
