import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { getAuthSecret, getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { clientIp } from "../http/client-ip";
import { checkCredentialsGuarded } from "./sign-in-guard";
import { signInWithOidc } from "./oidc-provisioning";

const SESSION_HOURS = 8;

/** The optional OIDC provider, present only when all three OIDC_* variables are set. */
function oidcProviders(): NextAuthOptions["providers"] {
  const env = getEnv();
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return [];
  return [
    {
      id: "oidc",
      name: env.OIDC_NAME,
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email ?? "", name: p.name ?? p.email ?? p.sub };
      },
    },
  ];
}

export function isOidcEnabled(): boolean {
  return oidcProviders().length > 0;
}

/**
 * Sessions are JWTs holding only our user id; every request re-reads the user (resolve-actor.ts), so a
 * deactivated user or a changed role takes effect immediately. OIDC sign-ins map to an existing active
 * user by email — accounts are provisioned by administrators, never by the identity provider.
 */
export function getAuthOptions(): NextAuthOptions {
  return {
    secret: getAuthSecret(),
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const email = credentials?.email ?? "";
          const password = credentials?.password ?? "";
          if (!email || !password) throw new Error("Enter your email and password.");
          let result;
          try {
            result = await checkCredentialsGuarded({
              email,
              password,
              ip: clientIp(req?.headers ?? {}),
              channel: "sign-in form",
            });
          } catch (err) {
            // A lockout reads as its own sentence on the sign-in page (the route answered 429 before, normally).
            if (isAppError(err)) throw new Error(err.message);
            throw err;
          }
          if (!result.ok) throw new Error(result.message);
          return {
            id: result.actor.userId,
            email: result.actor.email,
            name: result.actor.name,
            sv: result.sessionVersion,
          };
        },
      }),
      ...oidcProviders(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        // Matching, just-in-time provisioning and role re-sync (oidc-provisioning.ts); a refusal names its reason.
        const r = await signInWithOidc({ ...(profile ?? {}), email: profile?.email ?? user.email });
        return r.ok ? true : `/login?error=${r.reason}`;
      },
      // At sign-in the token gets the user id, the user's session version (bumping it revokes this session)
      // and a session id of its own (sudo mode is bound to it).
      async jwt({ token, user, account }) {
        if (user && account?.provider === "oidc") {
          const db = await getDb();
          const u = await db.user.findUnique({
            where: { email: (user.email ?? "").toLowerCase() },
            select: { id: true, sessionVersion: true },
          });
          token.uid = u?.id;
          token.sv = u?.sessionVersion ?? 0;
          token.sid = randomUUID();
        } else if (user) {
          token.uid = user.id;
          token.sv = (user as { sv?: number }).sv ?? 0;
          token.sid = randomUUID();
        }
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          uid: typeof token.uid === "string" ? token.uid : undefined,
          sv: typeof token.sv === "number" ? token.sv : undefined,
          sid: typeof token.sid === "string" ? token.sid : undefined,
        };
      },
    },
  };
}
