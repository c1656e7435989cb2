import { ConfigError } from '../errors';
import { Sequential, type SequentialArgs } from './sequential';

/** Which layers and which target the information plane tracks. */
export interface TrackDynamicsArgs {
  /** Y of the plane: the one-hot labels (default) or the network's predictions (PyGlow's reading). */
  target?: 'labels' | 'predictions';
  /** Layers to track, by name or index (default: every layer with parameters, output layer included). */
  layers?: (string | number)[];
}

export interface IBSequentialArgs extends SequentialArgs {
  /** Track each layer's information-plane coordinates while training (true, or the details). */
  trackDynamics?: boolean | TrackDynamicsArgs;
  /** Append every batch's coordinates to a run file as they are computed: true (a file under ./ibnb-runs) or a path. */
  saveDynamics?: boolean | string;
}

/**
 * A Sequential model that can track training dynamics: attach estimators
 * (e.g. HSIC) and every batch yields, per tracked layer, the coordinates
 * [criterion(H, X), criterion(H, Y)].
 */
export class IBSequential extends Sequential {
  readonly trackDynamics: TrackDynamicsArgs | undefined;
  readonly saveDynamics: string | boolean;

  constructor(args: IBSequentialArgs) {
    super(args);
    const track = args.trackDynamics;
    if (track !== undefined && typeof track !== 'boolean' && (typeof track !== 'object' || track === null)) {
      throw new ConfigError(`IBSequential: trackDynamics must be true, false or { target, layers }, got ${JSON.stringify(track)}.`);
    }
    if (typeof track === 'object' && track.target !== undefined && track.target !== 'labels' && track.target !== 'predictions') {
      throw new ConfigError(`IBSequential: trackDynamics.target must be 'labels' or 'predictions', got ${JSON.stringify(track.target)}.`);
    }
    this.trackDynamics = track === true ? {} : track || undefined;
    const save = args.saveDynamics ?? false;
    if (typeof save !== 'boolean' && (typeof save !== 'string' || save.trim() === '')) {
      throw new ConfigError(`IBSequential: saveDynamics must be true, false or a file path, got ${JSON.stringify(save)}.`);
    }
    this.saveDynamics = save;
  }
}
