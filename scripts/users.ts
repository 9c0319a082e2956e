/**
 * `npm run users -- create|reset-password …` (lib/server/users/users-cli.ts). On PGlite, stop the server
 * first: one process at a time may open the data directory.
 */
import { closeDatabase, openDatabase } from "@/lib/db/client";
import { runUsersCli } from "@/lib/server/users/users-cli";

/** Reads a password: all of stdin when piped, else an interactive prompt that does not echo. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks)
      .toString("utf8")
      .replace(/\r?\n$/, "");
  }
  const ask = (p: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(p);
      stdin.setRawMode(true);
      stdin.resume();
      let value = "";
      const onData = (buf: Buffer) => {
        for (const ch of buf.toString("utf8")) {
          if (ch === "\r" || ch === "\n") {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.off("data", onData);
            process.stderr.write("\n");
            resolve(value);
            return;
          }
          if (ch === "\u0003") process.exit(130);
          if (ch === "\u007f") value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on("data", onData);
    });
  const first = await ask(prompt);
  const again = await ask("Repeat it: ");
  if (first !== again) {
    console.error("error: the two passwords differ.");
    process.exit(2);
  }
  return first;
}

async function main(): Promise<number> {
  return runUsersCli(
    process.argv.slice(2),
    { readPassword, out: (l) => console.log(l), err: (l) => console.error(l) },
    async () => (await openDatabase()).prisma,
  );
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  })
  .finally(() => closeDatabase());
