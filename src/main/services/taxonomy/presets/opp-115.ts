import { optional, required, type PresetSpec } from './build.ts';

// Value lists shared by several categories, spelled as the OPP-115 data spells them.
const PIT = [
  'Financial',
  'Health',
  'Contact',
  'Location',
  'Demographic',
  'Personal identifier',
  'User online activities',
  'User profile',
  'Social media data',
  'IP address and device IDs',
  'Cookies and tracking elements',
  'Computer information',
  'Survey data',
  'Generic personal information',
  'Other',
  'Unspecified',
];
const PUR = [
  'Basic service/feature',
  'Additional service/feature',
  'Advertising',
  'Marketing',
  'Analytics/Research',
  'Personalization/Customization',
  'Service Operation and Security',
  'Legal requirement',
  'Merger/Acquisition',
  'Other',
  'Unspecified',
];
const CT = [
  'Dont use service/feature',
  'Opt-in',
  'Opt-out link',
  'Opt-out via contacting company',
  'First-party privacy controls',
  'Third-party privacy controls',
  'Browser/device privacy controls',
  'Other',
  'Unspecified',
];
const UT = ['User without account', 'User with account', 'Other', 'Unspecified'];
const ID = ['Identifiable', 'Aggregated or anonymized', 'Other', 'Unspecified'];
const DOES = ['Does', 'Does Not'];
const CHOICE_SCOPE = ['Collection', 'Use', 'Both', 'Unspecified'];

// The third-party category's lists differ from the shared ones in the data itself: no
// "Social media data", and "User Profile" / "Service operation and security" capitalised differently.
const PIT_THIRD_PARTY = PIT.filter((v) => v !== 'Social media data').map((v) => (v === 'User profile' ? 'User Profile' : v));
const PUR_THIRD_PARTY = PUR.map((v) => (v === 'Service Operation and Security' ? 'Service operation and security' : v));

/** OPP-115 (Wilson et al., ACL 2016): the ten data-practice categories, attributes and values of the corpus. */
export const OPP_115: PresetSpec = {
  id: 'opp-115',
  name: 'OPP-115',
  summary: 'Website privacy policies: the ten data-practice categories of the OPP-115 corpus, with all their attributes.',
  labels: [
    {
      name: 'First Party Collection/Use',
      description:
        'The site or app owner itself gathers, receives or uses information about its users. Tag the text that says *what* the company collects or uses, *how* it obtains it and *why*; a statement that it does **not** collect something belongs here too (Does/Does Not = Does Not).',
      attributes: [
        optional('Does/Does Not', DOES),
        optional('Collection Mode', ['Explicit', 'Implicit', 'Unspecified']),
        required('Action First-Party', [
          'Collect on website',
          'Collect in mobile app',
          'Collect on mobile website',
          'Track user on other websites',
          'Collect from user on other websites',
          'Receive from other parts of company/affiliates',
          'Receive from other service/third-party (unnamed)',
          'Receive from other service/third-party (named)',
          'Other',
          'Unspecified',
        ]),
        optional('Identifiability', ID),
        required('Personal Information Type', PIT),
        required('Purpose', PUR),
        optional('User Type', UT),
        optional('Choice Type', CT),
        optional('Choice Scope', CHOICE_SCOPE),
      ],
    },
    {
      name: 'Third Party Sharing/Collection',
      description:
        'Information about users reaches someone other than the owner: it is shared with, sold to, or collected directly by advertisers, partners, affiliates, other users or the public. Record who the third party is, what they get and for what purpose.',
      attributes: [
        required('Third Party Entity', ['Unnamed third party', 'Named third party', 'Other part of company/affiliate', 'Other users', 'Public', 'Other', 'Unspecified']),
        optional('Does/Does Not', DOES),
        required('Action Third Party', ['Receive/Shared with', 'Collect on first party website/app', 'Track on first party website/app', 'See', 'Other', 'Unspecified']),
        optional('Identifiability', ID),
        required('Personal Information Type', PIT_THIRD_PARTY),
        required('Purpose', PUR_THIRD_PARTY),
        optional('User Type', UT),
        optional('Choice Type', CT),
        optional('Choice Scope', CHOICE_SCOPE),
      ],
    },
    {
      name: 'User Choice/Control',
      description:
        'A choice the policy offers users over their information in general: opting in or out, privacy settings, browser controls, or simply not using a feature. Choices tied to one specific practice are also attributes of that practice; tag here text whose main point is the choice itself.',
      attributes: [
        required('Choice Type', CT),
        required('Choice Scope', ['First party collection', 'First party use', 'Third party sharing/collection', 'Third party use', 'Unspecified']),
        required('Personal Information Type', PIT),
        required('Purpose', PUR),
        optional('User Type', UT),
      ],
    },
    {
      name: 'User Access, Edit and Deletion',
      description:
        'Whether and how users can see, download, correct, deactivate or delete the information held about them or their account. Note what they can do and which data it reaches.',
      attributes: [
        required('Access Type', ['None', 'View', 'Export', 'Edit information', 'Deactivate account', 'Delete account (partial)', 'Delete account (full)', 'Other', 'Unspecified']),
        required('Access Scope', ['User account data', 'Transactional data', 'Profile data', 'Other data about user', 'Other', 'Unspecified']),
        optional('User Type', UT),
      ],
    },
    {
      name: 'Data Retention',
      description:
        'How long information is kept, and why it is kept that long: a stated period ("30 days"), "as long as needed", "indefinitely", or a reason such as a legal duty.',
      attributes: [
        required('Retention Period', ['Indefinitely', 'Limited', 'Stated Period', 'Other', 'Unspecified']),
        required('Retention Purpose', ['Perform service', 'Legal requirement', 'Analytics/Research', 'Service operation and security', 'Advertising', 'Marketing', 'Other', 'Unspecified']),
        required('Personal Information Type', PIT),
      ],
    },
    {
      name: 'Data Security',
      description:
        'Measures that protect information from loss or misuse: encryption in transit or at rest, authentication, access limits, staff training, audits, or a general promise to keep data safe.',
      attributes: [
        required('Security Measure', [
          'Secure data transfer',
          'Secure user authentication',
          'Secure data storage',
          'Data access limitation',
          'Privacy training',
          'Privacy review/audit',
          'Privacy/Security program',
          'Generic',
          'Other',
          'Unspecified',
        ]),
      ],
    },
    {
      name: 'Policy Change',
      description:
        'What happens when the policy itself changes: which changes are meant, how users are told (if at all) and what say they have, for instance having to agree again.',
      attributes: [
        required('Change Type', ['Non-privacy relevant change', 'Privacy relevant change', 'In case of merger or acquisition', 'Other', 'Unspecified']),
        required('Notification Type', ['No notification', 'General notice in privacy policy', 'General notice on website', 'Personal notice', 'Other', 'Unspecified']),
        required('User Choice', ['None', 'Opt-out', 'Opt-in', 'User participation', 'Other', 'Unspecified']),
      ],
    },
    {
      name: 'Do Not Track',
      description: 'What the policy says about browsers\' Do Not Track signals: whether the site honours them, ignores them, or mentions them without saying.',
      attributes: [required('Do Not Track policy', ['Not mentioned', 'Honored', 'Not honored', 'Mentioned, but unclear if honored', 'Other'])],
    },
    {
      name: 'International and Specific Audiences',
      description:
        'Passages written for one group of users only: children, Californians, Europeans or residents of another country. Tag the whole passage that applies to that audience.',
      attributes: [required('Audience Type', ['Californians', 'Europeans', 'Citizens from other countries', 'Children', 'Other'])],
    },
    {
      name: 'Other',
      description:
        'Text that describes no data practice of the categories above: introductions and general statements, how to contact the company about privacy, or a practice the scheme does not cover.',
      attributes: [required('Other Type', ['Introductory/Generic', 'Practice not covered', 'Privacy contact information', 'Other'])],
    },
  ],
};
