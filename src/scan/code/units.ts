import { dirnamePosix } from "../../util/paths.js";

export type Granularity = "folder" | "file";

/** The code unit a file belongs to: its folder by default, the file itself at file granularity. */
export function unitOf(file: string, granularity: Granularity): string {
  return granularity === "file" ? file : dirnamePosix(file);
}
