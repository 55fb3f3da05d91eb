import { optional, required, type PresetSpec } from './build.ts';

// The categories of personal information of Cal. Civ. Code § 1798.140(v), and sensitive information (ae).
const PI_CATEGORIES = [
  'Identifiers',
  'Customer records',
  'Protected classifications',
  'Commercial information',
  'Biometric information',
  'Internet or network activity',
  'Geolocation data',
  'Sensory data',
  'Professional or employment information',
  'Education information',
  'Inferences',
  'Sensitive personal information',
  'Unspecified',
];
const HOW_STATED = ['Stated period', 'Criteria used to decide', 'Not stated'];

/** What a privacy notice must disclose under the CCPA as amended by the CPRA. */
export const CCPA: PresetSpec = {
  id: 'ccpa',
  name: 'CCPA/CPRA notice',
  summary: 'California privacy notices: each disclosure the CCPA/CPRA requires, and each consumer right.',
  labels: [
    {
      name: 'Categories Collected',
      description: 'The categories of personal information the business collects (or has collected in the past 12 months). Choose every category the passage names.',
      attributes: [required('Category', PI_CATEGORIES, true)],
    },
    {
      name: 'Sources',
      description: 'Where the business gets personal information from: the consumer directly, their devices, service providers, data brokers, public records...',
      attributes: [optional('Source', ['Consumer directly', 'Automatically from devices', 'Affiliates', 'Service providers', 'Third parties', 'Public sources', 'Other'], true)],
    },
    {
      name: 'Purposes',
      description: 'The business or commercial purposes for which personal information is collected, used, sold or shared.',
    },
    {
      name: 'Categories Sold or Shared',
      description:
        'Which categories of personal information are **sold** or **shared** (for cross-context behavioural advertising), and to which categories of third parties; also a statement that none are.',
      attributes: [required('Disclosure', ['Sold', 'Shared', 'Disclosed for a business purpose', 'Not sold or shared'], true), optional('Category', PI_CATEGORIES, true)],
    },
    {
      name: 'Retention',
      description: 'How long each category of personal information is kept, or the criteria used to decide how long.',
      attributes: [required('How stated', HOW_STATED)],
    },
    { name: 'Right to Know', description: 'The consumer may ask what personal information the business holds about them, where it came from, why it is used and who receives it.' },
    { name: 'Right to Delete', description: 'The consumer may ask the business to delete personal information collected from them, and the exceptions that apply.' },
    { name: 'Right to Correct', description: 'The consumer may ask the business to correct inaccurate personal information.' },
    {
      name: 'Right to Opt Out of Sale/Sharing',
      description: 'The consumer may stop the sale or sharing of their personal information: the "Do Not Sell or Share My Personal Information" link, opt-out preference signals such as Global Privacy Control.',
    },
    {
      name: 'Right to Limit Use of Sensitive Personal Information',
      description: 'The consumer may limit the use of sensitive personal information to what is needed for the service ("Limit the Use of My Sensitive Personal Information").',
    },
    { name: 'Non-Discrimination', description: 'The business will not treat the consumer worse (prices, service quality) for exercising their rights.' },
    {
      name: 'Methods to Submit Requests',
      description: 'How a consumer exercises their rights, and how the business verifies who is asking.',
      attributes: [optional('Method', ['Toll-free number', 'Web form', 'Email', 'Mail', 'In person', 'In the app or account settings', 'Other'], true)],
    },
    { name: 'Authorized Agents', description: 'Someone else may make a request on the consumer\'s behalf, and what the business asks of such an agent.' },
    {
      name: 'Notice of Financial Incentive',
      description: 'A discount, loyalty programme or other benefit offered in exchange for personal information, with its terms and how to withdraw.',
    },
    {
      name: 'Policy Date and Updates',
      description: 'When the notice was last updated (the CCPA asks for an update at least every 12 months), and how changes are announced.',
    },
  ],
};
