import { describe, expect, it } from 'vitest';
import { insulinActiveFraction } from '../../datasets/therapy/insulin-on-board.js';
import { ADULT, command, DAY0, MIN } from '../testing/fixtures.js';
import { carbsOnBoard, insulinOnBoard, insulinOnBoardFraction, netInsulinFromCommands } from './insulin-on-board.js';

describe('insulin on board', () => {
  it('uses the oref0 exponential curve (agrees with the simulator\'s curve) and falls from 1 to 0 over the action time', () => {
    for (const t of [0, 10, 75, 180, 300, 359, 360, 400]) expect(insulinOnBoardFraction(t, 360, 75)).toBeCloseTo(insulinActiveFraction(t, 360, 75), 12);
    expect(insulinOnBoardFraction(0, 360, 75)).toBe(1);
    expect(insulinOnBoardFraction(360, 360, 75)).toBe(0);
    let previous = 1;
    for (let t = 5; t < 360; t += 5) {
      const f = insulinOnBoardFraction(t, 360, 75);
      expect(f).toBeLessThanOrEqual(previous);
      previous = f;
    }
    // A later peak keeps more insulin on board at 2 h.
    expect(insulinOnBoardFraction(120, 360, 100)).toBeGreaterThan(insulinOnBoardFraction(120, 360, 55));
  });

  it('counts a bolus in full at once and a temp basal as its deviation from the schedule', () => {
    const bolus = netInsulinFromCommands([command(0, 'BOLUS', 4)], ADULT, DAY0 + 10 * MIN);
    expect(insulinOnBoard(bolus, DAY0, 360, 75)).toBeCloseTo(4, 9);
    expect(insulinOnBoard(bolus, DAY0 + 6 * 60 * MIN, 360, 75)).toBe(0);
    // 2.8 U/h for 60 min against 0.8 U/h scheduled = +2 U net.
    const temp = netInsulinFromCommands([command(0, 'TEMP_BASAL', 2.8, 60)], ADULT, DAY0 + 120 * MIN);
    expect(temp.reduce((s, a) => s + a.units, 0)).toBeCloseTo(2, 9);
    // A suspend removes scheduled insulin: negative IOB.
    const suspend = netInsulinFromCommands([command(0, 'SUSPEND', 0, 60)], ADULT, DAY0 + 60 * MIN);
    expect(insulinOnBoard(suspend, DAY0 + 60 * MIN, 360, 75)).toBeLessThan(0);
    // A basal rate equal to the schedule adds nothing.
    expect(netInsulinFromCommands([command(0, 'BASAL_RATE', 0.8)], ADULT, DAY0 + 600 * MIN)).toHaveLength(0);
  });

  it('absorbs carbs linearly over three hours', () => {
    const entries = [{ timestampMs: DAY0, carbsG: 60 }];
    expect(carbsOnBoard(entries, DAY0)).toBe(60);
    expect(carbsOnBoard(entries, DAY0 + 90 * MIN)).toBeCloseTo(30, 9);
    expect(carbsOnBoard(entries, DAY0 + 180 * MIN)).toBe(0);
  });
});
