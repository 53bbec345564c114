import type { Preview } from '@storybook/sveltekit';
import { colors } from '../src/lib/theme';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true, matchers: { color: /(background|color)$/i } },
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
