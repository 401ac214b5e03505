// The dashboard talks only to the Management API, with the ID token from sign-in.
const $ = (selector) => document.querySelector(selector);
let token = sessionStorage.getItem("vocadesk.token");

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...options.headers },
  });
  const body = response.status === 204 ? null : await response.json();
  if (response.status === 401) signOut();
  if (!response.ok) throw new Error(body?.message ?? `request failed (${response.status})`);
  return body;
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const text of cells) tr.append(Object.assign(document.createElement("td"), { textContent: text }));
  return tr;
}

async function refresh() {
  const [clients, calls] = await Promise.all([api("/v1/clients?limit=100"), api("/v1/calls?limit=20")]);
  $("#clients").replaceChildren(
    ...clients.items.map((c) => Object.assign(document.createElement("li"), { textContent: c.name })));
  $("#calls").replaceChildren(...calls.items.map((c) =>
    row([c.started_at ? new Date(c.started_at).toLocaleString() : "—", c.channel, c.caller ?? "—", c.status])));
}

function show(signedIn) {
  $("#sign-in").hidden = signedIn;
  $("#workspace").hidden = !signedIn;
  $("#sign-out").hidden = !signedIn;
  if (signedIn) refresh().catch((error) => ($("#new-client .error").textContent = error.message));
}

function signOut() {
  token = null;
  sessionStorage.removeItem("vocadesk.token");
  show(false);
}

$("#sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch("/auth/signin", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
  });
  const body = await response.json();
  if (!response.ok) return ($("#sign-in .error").textContent = body.message);
  token = body.id_token;
  sessionStorage.setItem("vocadesk.token", token);
  $("#sign-in .error").textContent = "";
  show(true);
});

$("#new-client").addEventListener("submit", async (event) => {
  event.preventDefault();
  const name = new FormData(event.target).get("name");
  try {
    await api("/v1/clients", { method: "POST", body: JSON.stringify({ name }) });
    event.target.reset();
    $("#new-client .error").textContent = "";
    await refresh();
  } catch (error) {
    $("#new-client .error").textContent = error.message;
  }
});

$("#sign-out").addEventListener("click", signOut);
show(Boolean(token));
