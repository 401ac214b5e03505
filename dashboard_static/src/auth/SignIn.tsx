/** Sign in: the password form locally (the demo account is printed by `make run`), Cognito's hosted
 * sign-in (authorization code + PKCE) in AWS. Also shown over the page when a session expires. */
import { useState, type FormEvent } from "react";
import { useConfig } from "../app/config-context";
import { authorizeUrl, refreshSession } from "./pkce";
import { session, type Tokens } from "./session";
import { Field } from "../components/Field";

type Props = { title?: string; intro?: string };

export function SignIn({ title = "Sign in to Vocadesk", intro }: Props) {
  const { auth } = useConfig();
  if (auth.mode === "hosted") {
    // An expired session first tries its refresh token, which keeps the page (and any unsaved form);
    // otherwise, or when that is refused, off to the hosted sign-in, which brings the user back here.
    const start = async () => {
      if (session.state() === "expired" && (await refreshSession(auth))) return;
      location.assign(await authorizeUrl(auth, location.pathname + location.search));
    };
    return (
      <div className="sign-in">
        <h1 id="sign-in-title">{title}</h1>
        {intro && <p>{intro}</p>}
        <button type="button" className="primary" onClick={start}>
          Continue to sign-in
        </button>
      </div>
    );
  }
  return <PasswordSignIn title={title} intro={intro} demo={auth.demo} />;
}

function PasswordSignIn({ title, intro, demo }: Props & { demo?: { email: string; password: string } }) {
  const [error, setError] = useState<string | null>(null);
  const [needsNewPassword, setNeedsNewPassword] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = { email: String(form.get("email")), password: String(form.get("password")) };
    if (needsNewPassword) body.new_password = String(form.get("new_password"));
    setBusy(true);
    try {
      const response = await fetch("/auth/signin", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await response.json().catch(() => ({}))) as Tokens & { message?: string; field?: string };
      if (response.ok) {
        setError(null);
        session.signIn(answer);
        return;
      }
      if (answer.field === "new_password" && !needsNewPassword) {
        setNeedsNewPassword(true);
        setError("This is a temporary password. Choose a new one to finish signing in.");
        return;
      }
      setError(answer.message ?? `Sign-in failed (${response.status}).`);
    } catch {
      setError("The server could not be reached. Is `make run` still running?");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="sign-in" onSubmit={submit} aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{title}</h1>
      {intro && <p>{intro}</p>}
      <Field label="Email">
        {(id) => <input id={id} name="email" type="email" autoComplete="username" required defaultValue={demo?.email} />}
      </Field>
      <Field label="Password">
        {(id) => (
          <input
            id={id}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            defaultValue={demo?.password}
          />
        )}
      </Field>
      {needsNewPassword && (
        <Field label="New password" hint="At least 8 characters with upper and lower case letters and a digit.">
          {(id) => <input id={id} name="new_password" type="password" autoComplete="new-password" required />}
        </Field>
      )}
      <p className="form-error" role="alert">
        {error}
      </p>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {demo && (
        <p className="hint">
          Local platform: the demo account <code>{demo.email}</code> is filled in for you.
        </p>
      )}
    </form>
  );
}
