/** How an invited teammate gets in, as this deployment does it: locally (the password sign-in of `make run`)
 * they use the temporary password the platform prints; in AWS, Cognito emails them one. Either way they
 * choose their own password at their first sign-in. */
import { useConfig } from "../../app/config-context";

export function FirstSignIn({ email }: { email?: string }) {
  const { auth } = useConfig();
  const where = <a href={`${location.origin}/`}>{location.origin}/</a>;
  const them = email ? <strong>{email}</strong> : "them";
  if (auth.mode === "hosted") {
    return (
      <>
        Vocadesk emails {them} a temporary password. At their first sign-in at {where} they choose their own.
      </>
    );
  }
  return (
    <>
      They sign in at {where} {email ? <>as {them}</> : "with their email"} and the temporary password{" "}
      {auth.invite_password ? <code>{auth.invite_password}</code> : "set for this platform"} (printed by{" "}
      <code>make run</code> under “Invited users”), then choose their own. Nothing is emailed locally: tell them
      yourself.
    </>
  );
}
