/**
 * The start of an HTTP answer's body, to quote in a message. Only as much is read as is shown,
 * and the rest is cancelled: the server on the other end (a Pushgateway, a webhook) may be
 * hostile or broken and answer gigabytes, which `response.text()` would hold whole.
 */
export async function bodyHead(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    // UTF-8 takes at most 4 bytes a character.
    while (size < maxChars * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(parts).toString('utf8').slice(0, maxChars);
}
