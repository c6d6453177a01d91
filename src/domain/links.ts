// t.me links a panel can act on: public usernames, posts, private `c/` posts and invites.

const HOSTS = new Set(["t.me", "telegram.me", "telegram.dog", "www.t.me", "www.telegram.me"]);
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/; // 4..32; Telegram's own minimum for new names is 5

export type TelegramLinkKind = "username" | "post" | "private_post" | "invite";

export interface TelegramLink {
  kind: TelegramLinkKind;
  /** Canonical form sent upstream: https://t.me/... */
  url: string;
}

/** Parses what a buyer typed. Returns null when it is not a usable t.me link. */
export function parseTelegramLink(input: string): TelegramLink | null {
  let text = input.trim();
  if (text.length === 0 || text.length > 256 || /\s/.test(text)) return null;
  if (text.startsWith("@") && USERNAME.test(text.slice(1))) return { kind: "username", url: `https://t.me/${text.slice(1)}` };
  if (!/^https?:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  // `https://t.me@evil.example/x` parses as user "t.me" at host evil.example: refuse any userinfo.
  if (url.username || url.password || url.port) return null;
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split("/").filter(Boolean);
  const [first, second, third] = parts;
  if (!first) return null;
  const ok = (kind: TelegramLinkKind, path: string): TelegramLink => ({ kind, url: `https://t.me/${path}` });

  if (first.startsWith("+")) {
    const hash = first.slice(1);
    return parts.length === 1 && /^[A-Za-z0-9_-]{8,64}$/.test(hash) ? ok("invite", `+${hash}`) : null;
  }
  if (first === "joinchat") {
    return parts.length === 2 && second && /^[A-Za-z0-9_-]{8,64}$/.test(second) ? ok("invite", `joinchat/${second}`) : null;
  }
  if (first === "c") {
    return parts.length === 3 && second && third && /^\d{1,20}$/.test(second) && /^\d{1,12}$/.test(third)
      ? ok("private_post", `c/${second}/${third}`)
      : null;
  }
  if (first === "s" && second && USERNAME.test(second) && parts.length <= 3) {
    // t.me/s/<channel>[/<post>] is the web preview of a public channel
    if (!third) return ok("username", second);
    return /^\d{1,12}$/.test(third) ? ok("post", `${second}/${third}`) : null;
  }
  if (!USERNAME.test(first)) return null;
  if (parts.length === 1) return ok("username", first);
  if (parts.length === 2 && second && /^\d{1,12}$/.test(second)) return ok("post", `${first}/${second}`);
  return null;
}
