/** One titled part of the agent form: a region named by its heading, with a sentence on what it is for. */
import { useId, type ReactNode } from "react";

export function Section({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card editor-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro && <p className="hint section-intro">{intro}</p>}
      {children}
    </section>
  );
}
