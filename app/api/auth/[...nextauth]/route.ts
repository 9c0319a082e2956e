import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/server/auth/auth-options";
import { refuseLockedOutSignIn } from "@/lib/server/auth/sign-in-precheck";

// The only place next-auth meets HTTP. Locked-out sign-ins are refused first with 429 (docs/SECURITY.md).
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  const refused = await refuseLockedOutSignIn(req);
  if (refused) return refused;
  return NextAuth(req as never, { params: await ctx.params } as never, getAuthOptions());
}

export { handler as GET, handler as POST };
