import { useEffect, useState } from 'react';
import type { PresetSummary } from '../../../shared/domain/taxonomy-api.ts';
import { api } from '../api/client.ts';

/** The presets Clausemark ships, fetched once per mount; empty until they arrive. */
export function usePresets(): PresetSummary[] {
  const [presets, setPresets] = useState<PresetSummary[]>([]);
  useEffect(() => {
    let live = true;
    void api['taxonomy.presets']({}).then((result) => {
      if (live && result.ok) setPresets(result.value);
    });
    return () => {
      live = false;
    };
  }, []);
  return presets;
}

/** "Taxonomy": which preset a new project starts from (New project dialog). */
export function TaxonomyPresetField({ presets, value, onChange }: { presets: PresetSummary[]; value: string; onChange: (id: string) => void }) {
  const chosen = presets.find((p) => p.id === value);
  return (
    <label className="field">
      <span className="field-label">
        Taxonomy <span className="field-hint">(you can change it later: Taxonomy…)</span>
      </span>
      <select value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        {presets.length === 0 && <option value="opp-115">OPP-115</option>}
        {presets.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.labelCount} labels)
          </option>
        ))}
      </select>
      {chosen && <span className="field-hint">{chosen.summary}</span>}
    </label>
  );
}
