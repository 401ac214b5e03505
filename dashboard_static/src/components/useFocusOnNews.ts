import { useEffect, useRef } from "react";

/** A ref for a status line that takes focus (without scrolling) whenever `news` changes to something: the
 * control just used is often gone afterwards (a closed form, a deleted row), so keyboard and screen reader
 * users continue from the news instead of from the top of the page. */
export function useFocusOnNews<T extends HTMLElement>(news: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (news) ref.current?.focus({ preventScroll: true });
  }, [news]);
  return ref;
}
