import { optional, required, type LabelSpec, type PresetSpec } from './build.ts';

const right = (name: string, article: string, description: string): LabelSpec => ({ name, description: `${description} (${article})` });

/** The information GDPR Articles 13 and 14 require a privacy notice to give. */
export const GDPR: PresetSpec = {
  id: 'gdpr',
  name: 'GDPR transparency',
  summary: 'EU privacy notices: the items GDPR Articles 13 and 14 require, with the data-subject rights of Articles 15-22.',
  labels: [
    { name: 'Controller Identity and Contact', description: 'Who is responsible for the processing (the controller, and its EU representative if any) and how to reach them.' },
    { name: 'DPO Contact', description: 'How to contact the data protection officer, where one is appointed.' },
    { name: 'Purposes', description: 'What the personal data is processed for. Tag each purpose the notice states.' },
    {
      name: 'Legal Basis',
      description: 'The lawful basis under Art. 6 (or Art. 9 for special categories) relied on for a purpose. When the basis is legitimate interests, the notice should also say what those interests are.',
      attributes: [required('Basis', ['Consent', 'Contract', 'Legal obligation', 'Vital interests', 'Public task', 'Legitimate interests'], true)],
    },
    {
      name: 'Recipients',
      description: 'Who receives the personal data, by name or by category: processors, group companies, authorities, partners.',
      attributes: [optional('Recipient', ['Processors', 'Group companies', 'Public authorities', 'Named third party', 'Categories of recipients', 'Other'], true)],
    },
    {
      name: 'International Transfers',
      description: 'Transfers of personal data outside the EU/EEA, and the safeguard each relies on.',
      attributes: [
        required('Safeguard', ['Adequacy decision', 'Standard contractual clauses', 'Binding corporate rules', 'Derogation (Art. 49)', 'Other', 'Not stated'], true),
      ],
    },
    {
      name: 'Retention Period',
      description: 'How long personal data is kept, or the criteria that decide how long.',
      attributes: [required('How stated', ['Stated period', 'Criteria used to decide', 'Not stated'])],
    },
    {
      name: 'Data Subject Rights',
      description: 'A passage about the data subject\'s rights in general. Tag a passage about one right with that right\'s label.',
      children: [
        right('Right of Access', 'Art. 15', 'The data subject may obtain confirmation that their data is processed, a copy of it, and the details of the processing.'),
        right('Right to Rectification', 'Art. 16', 'The data subject may have inaccurate data corrected and incomplete data completed.'),
        right('Right to Erasure', 'Art. 17', 'The data subject may have their data erased ("right to be forgotten") in the cases the article lists.'),
        right('Right to Restriction', 'Art. 18', 'The data subject may have processing restricted, for instance while the accuracy of the data is contested.'),
        right('Notification of Recipients', 'Art. 19', 'The controller tells recipients about rectifications, erasures and restrictions, and tells the data subject who they are on request.'),
        right('Right to Data Portability', 'Art. 20', 'The data subject may receive their data in a structured, machine-readable format and have it sent to another controller.'),
        right('Right to Object', 'Art. 21', 'The data subject may object to processing based on legitimate interests or public task, and always to direct marketing.'),
        right('Automated Decisions Right', 'Art. 22', 'The data subject may refuse to be subject to a decision based solely on automated processing that significantly affects them.'),
      ],
    },
    { name: 'Right to Withdraw Consent', description: 'Consent may be withdrawn at any time, without affecting processing done before.' },
    { name: 'Right to Complain', description: 'The data subject may lodge a complaint with a supervisory authority.' },
    {
      name: 'Statutory or Contractual Requirement',
      description: 'Whether providing the data is required by law or by a contract, whether the data subject must provide it, and what happens if they do not.',
    },
    {
      name: 'Automated Decision-Making',
      description: 'Whether automated decisions, including profiling, are made, with meaningful information about the logic and its likely consequences.',
      attributes: [optional('Profiling', ['Profiling', 'No profiling', 'Not stated'])],
    },
    {
      name: 'Source of Data',
      description: 'Where the data came from when it was not collected from the data subject (Art. 14), including public sources.',
    },
  ],
};
