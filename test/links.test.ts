import { describe, expect, it } from "vitest";
import { parseTelegramLink } from "../src/domain/links.js";

describe("t.me links", () => {
  it.each([
    ["https://t.me/durov", "username", "https://t.me/durov"],
    ["t.me/durov/123", "post", "https://t.me/durov/123"],
    ["http://telegram.me/some_channel", "username", "https://t.me/some_channel"],
    ["https://t.me/c/1234567890/55", "private_post", "https://t.me/c/1234567890/55"],
    ["https://t.me/+AbCdEfGh1234", "invite", "https://t.me/+AbCdEfGh1234"],
    ["https://t.me/joinchat/AbCdEfGh1234", "invite", "https://t.me/joinchat/AbCdEfGh1234"],
    ["@my_channel", "username", "https://t.me/my_channel"],
    ["https://telegram.dog/channel_x/9?single", "post", "https://t.me/channel_x/9"],
  ])("accepts %s", (input, kind, url) => {
    expect(parseTelegramLink(input)).toEqual({ kind, url });
  });

  it.each([
    "https://t.me@evil.example/x",
    "https://user:pw@t.me/durov",
    "https://evil.example/t.me/durov",
    "https://t.me.evil.example/durov",
    "https://tе.me/durov", // Cyrillic е: a homoglyph host
    "https://t.me:8443/durov",
    "https://t.me/",
    "https://t.me/ab",
    "https://t.me/durov/abc",
    "https://t.me/c/abc/1",
    "javascript:alert(1)",
    "t.me/durov extra words",
    "<b>t.me/durov</b>",
    "x".repeat(5000),
    "",
  ])("refuses %s", (input) => {
    expect(parseTelegramLink(input)).toBeNull();
  });
});
