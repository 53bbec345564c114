/**
 * Fetches a static asset as bytes, reporting bytes received as they arrive, so a large
 * dataset can show a progress bar. Works in a page, a worker and Node (fetch and
 * ReadableStream are all it needs).
 */

export interface LoadProgress {
  /** bytes received so far */
  readonly received: number;
  /** bytes expected in all, or null when the server does not say (a bar then shows activity only) */
  readonly total: number | null;
}

export interface FetchAssetOptions {
  /** called after every chunk, and once at the start with received 0 */
  onProgress?: (progress: LoadProgress) => void;
  /** cancels the download; fetchAsset then rejects with the signal's reason */
  signal?: AbortSignal;
  /** passed on to fetch, e.g. { cache: 'force-cache' } */
  init?: RequestInit;
}

/** A download that failed, with words a learner can read; `cause` keeps the details. */
export class AssetLoadError extends Error {
  readonly url: string;
  /** what went wrong, e.g. "the server answered 404 Not Found" */
  readonly reason: string;
  /** the HTTP status, when the server answered */
  readonly status: number | null;

  constructor(url: string, reason: string, status: number | null = null, options?: ErrorOptions) {
    super(`could not load ${url}: ${reason}`, options);
    this.name = 'AssetLoadError';
    this.url = url;
    this.reason = reason;
    this.status = status;
  }
}

/**
 * The expected size, when the body arrives as the server sized it. A server that
 * compresses on the fly sizes the compressed body, while fetch hands over the
 * decompressed one: the header then says nothing about what will be received.
 */
function expectedBytes(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const length = Number(response.headers.get('content-length'));
  return Number.isFinite(length) && length > 0 ? length : null;
}

export async function fetchAsset(url: string | URL, options: FetchAssetOptions = {}): Promise<Uint8Array> {
  const where = String(url);
  const { onProgress, signal } = options;
  let response: Response;
  try {
    response = await fetch(url, { ...options.init, signal });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new AssetLoadError(where, 'the network request failed (offline, or the site is unreachable)', null, { cause: error });
  }
  if (!response.ok) {
    throw new AssetLoadError(where, `the server answered ${response.status} ${response.statusText}`.trim(), response.status);
  }
  const total = expectedBytes(response);
  onProgress?.({ received: 0, total });
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress?.({ received: bytes.length, total });
    return bytes;
  }

  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.({ received, total });
    }
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new AssetLoadError(where, `the download broke off after ${received} bytes`, response.status, { cause: error });
  }
  if (total !== null && received !== total) {
    throw new AssetLoadError(where, `received ${received} bytes of ${total}`, response.status);
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
