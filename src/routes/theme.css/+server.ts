import { themeCss } from '$lib/ui/themeCss';

// The theme as a stylesheet of the site's own, written at build time: an inline <style>
// would need a hash in the security policy, recomputed whenever a colour changes.
export const prerender = true;
export const trailingSlash = 'never';

export function GET(): Response {
  return new Response(themeCss(), { headers: { 'content-type': 'text/css; charset=utf-8' } });
}
