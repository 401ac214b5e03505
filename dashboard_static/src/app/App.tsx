/** Signed out: the sign-in screen. Signed in: the shell and its screens. Expired: the screens stay as
 * they are (no form is lost) under a sign-in dialog; once signed in again, every query refetches. */
import { useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import { useConfig } from "./config-context";
import { Layout } from "./Layout";
import { queryClient } from "./query";
import { Routes } from "./routes";
import { signOut } from "./signOut";
import { CALLBACK_PATH, completeSignIn } from "../auth/pkce";
import { expiresAt, session, useSession } from "../auth/session";
import { SignIn } from "../auth/SignIn";
import { Loading } from "../components/states";

export function App() {
  const state = useSession();
  const [location] = useLocation();
  useExpiryTimer(state);
  useRefetchAfterSignIn(state);

  if (location === CALLBACK_PATH) return <HostedCallback />;
  if (state === "signed-out") {
    return (
      <main id="main" className="signed-out">
        <SignIn />
      </main>
    );
  }
  return (
    <>
      <Layout>
        <Routes />
      </Layout>
      {state === "expired" && <ExpiredDialog />}
    </>
  );
}

function ExpiredDialog() {
  const { auth } = useConfig();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    // Escape would leave a page whose every request fails: the only way on is to sign in or out.
    const keep = (event: Event) => event.preventDefault();
    element?.addEventListener("cancel", keep);
    return () => element?.removeEventListener("cancel", keep);
  }, []);
  return (
    <dialog ref={dialog} className="expired-dialog" aria-labelledby="sign-in-title">
      <SignIn title="Your session has expired" intro="Sign in again to carry on: what you were editing is still here." />
      <button type="button" className="link" onClick={() => signOut(auth)}>
        Sign out instead
      </button>
    </dialog>
  );
}

/** Marks the session expired the moment its token does, rather than at the next refused request. */
function useExpiryTimer(state: string) {
  useEffect(() => {
    if (state !== "signed-in") return;
    const token = session.token();
    if (!token) return;
    const wait = Math.min(expiresAt(token) * 1000 - Date.now(), 2 ** 31 - 1);
    const timer = setTimeout(() => session.expire(), Math.max(0, wait));
    return () => clearTimeout(timer);
  }, [state]);
}

function useRefetchAfterSignIn(state: string) {
  const previous = useRef(state);
  useEffect(() => {
    if (previous.current === "expired" && state === "signed-in") void queryClient.invalidateQueries();
    if (state === "signed-out") queryClient.clear();
    previous.current = state;
  }, [state]);
}

function HostedCallback() {
  const { auth } = useConfig();
  const [, navigate] = useLocation();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (auth.mode !== "hosted") return navigate("/", { replace: true });
    completeSignIn(auth, new URL(location.href))
      .then(({ tokens, returnTo }) => {
        session.signIn(tokens);
        navigate(returnTo, { replace: true });
      })
      .catch((reason: Error) => setError(reason.message));
  }, [auth, navigate]);
  if (!error) return <Loading what="Signing you in" />;
  return (
    <main id="main" className="signed-out">
      <p role="alert">{error}</p>
      <SignIn />
    </main>
  );
}
