// Every page is prerendered; trailing slashes let a reload of a deep link work on any static server.
export const prerender = true;
export const trailingSlash = 'always';
