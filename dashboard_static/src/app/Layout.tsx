/** The shell around every screen: skip link, sidebar navigation, account and sign-out. */
import type { ReactNode } from "react";
import { Link, useLocation } from "wouter";
import { useConfig } from "./config-context";
import { useMe } from "./me";
import { NAVIGATION } from "./routes";
import { signOut } from "./signOut";

function isCurrent(href: string, location: string): boolean {
  return href === "/" ? location === "/" : location === href || location.startsWith(`${href}/`);
}

export function Layout({ children }: { children: ReactNode }) {
  const [location] = useLocation();
  const { auth } = useConfig();
  const { data: me } = useMe();


  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link href="/" className="brand">
          Vocadesk
        </Link>
        <div className="account">
          {me && (
            <span>
              {me.account.name} · {me.user.email} <span className="badge">{me.user.role}</span>
            </span>
          )}
          <button type="button" onClick={() => signOut(auth)}>
            Sign out
          </button>
        </div>
      </header>
      <nav className="sidebar" aria-label="Main">
        <ul>
          {NAVIGATION.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={isCurrent(item.href, location) ? "page" : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

