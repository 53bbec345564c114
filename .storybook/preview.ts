import type { Preview } from '@storybook/sveltekit';
import '../src/app.css';
import { colors } from '../src/lib/theme';
import { themeCss } from '../src/lib/ui/themeCss';

// The site's root layout writes the theme as custom properties; the gallery does the same,
// so components are styled exactly as learners see them.
const theme = document.createElement('style');
theme.textContent = themeCss();
document.head.append(theme);

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
    // axe runs after every story's play, in the gallery's panel and in the story tests, where a
    // finding fails the test. heading-order is left to the pages (the e2e walk checks it there):
    // a component alone has no page around it to put its headings in order.
    a11y: {
      test: 'error',
      config: { rules: [{ id: 'heading-order', enabled: false }, { id: 'label-content-name-mismatch', enabled: true }] }
    },
    backgrounds: {
      options: {
        page: { name: 'page', value: colors.background },
        surface: { name: 'surface', value: colors.surface }
      }
    }
  },
  initialGlobals: { backgrounds: { value: 'page' } },
  // Every story is also a test in the `storybook` vitest project (a play that throws fails it).
  tags: ['test']
};

export default preview;
