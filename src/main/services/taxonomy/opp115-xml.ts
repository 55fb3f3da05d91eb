import { JSDOM } from 'jsdom';
import type { Taxonomy } from '../../../shared/domain/taxonomy.ts';
import { AppError } from '../../../shared/result.ts';
import { buildPreset, type LabelSpec } from './presets/build.ts';

const children = (parent: Element, tag: string): Element[] => [...parent.children].filter((c) => c.localName === tag);
const text = (parent: Element, tag: string): string => (children(parent, tag)[0]?.textContent ?? '').replace(/\s+/g, ' ').trim();

/**
 * OPP-115's own description of its scheme (documentation/categories-july30.xml): categories, each with
 * attributes (optional or not) and their values. Gives the same categories, attributes and values as the
 * opp-115 preset, with the XML's descriptions; colours and hotkeys are assigned as for a preset.
 */
export function parseOpp115CategoriesXml(xml: string, fileName = 'categories.xml'): Taxonomy {
  const invalid = (why: string): AppError =>
    new AppError('TAXONOMY_INVALID', `${fileName} is not an OPP-115 categories file: ${why}.`);
  let root: Element;
  try {
    // jsdom's XML mode: no scripts, no resources, nothing fetched.
    const doc = new JSDOM(xml, { contentType: 'application/xml' }).window.document;
    root = doc.documentElement;
  } catch (error) {
    throw invalid(`not well-formed XML (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  if (root.localName !== 'categories') throw invalid(`its root element is <${root.localName}>, not <categories>`);
  const labels: LabelSpec[] = children(root, 'category').map((category, i) => {
    const name = text(category, 'name');
    if (!name) throw invalid(`category ${i + 1} has no <name>`);
    const attributes = children(category, 'attributes').flatMap((list) => children(list, 'attribute'));
    return {
      name,
      description: text(category, 'description'),
      attributes: attributes.map((attribute, j) => {
        const attributeName = text(attribute, 'name');
        if (!attributeName) throw invalid(`attribute ${j + 1} of “${name}” has no <name>`);
        const values = children(attribute, 'values')
          .flatMap((list) => children(list, 'value'))
          .map((value) => text(value, 'name'))
          .filter((v) => v !== '');
        if (values.length === 0) throw invalid(`the attribute “${attributeName}” of “${name}” has no values`);
        return { name: attributeName, optional: attribute.getAttribute('optional') === 'true', values };
      }),
    };
  });
  if (labels.length === 0) throw invalid('it holds no <category>');
  const version = root.getElementsByTagNameNS('*', 'version')[0]?.textContent?.trim();
  return buildPreset({ id: 'opp-115', name: version ? `OPP-115 (${version})` : 'OPP-115', summary: '', labels });
}
