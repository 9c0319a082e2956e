import { z } from "zod";
import { ZCreateUserRequest } from "./users";

/** The first administrator: name, email and password, with exactly the rules of Settings → Users. */
export const ZSetupRequest = ZCreateUserRequest.pick({ name: true, email: true, password: true }).strict();
export type TSetupRequest = z.infer<typeof ZSetupRequest>;
