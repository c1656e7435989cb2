/**
 * PyGlow's snake_case names (`fit_generator`, `attach_evaluator`,
 * `evaluated_dynamics`, `num_layers`, `load_data`, ...) on our objects: an
 * error naming the camelCase member, instead of "is not a function" or a
 * silent `undefined`.
 */
import { ConfigError } from './errors';
import { camelCase } from './options';

/** Display names of guarded plain objects (mnist, cifar10), whose constructor is Object. */
const names = new WeakMap<object, string>();

/**
 * A prototype that answers only for properties the object lacks: property
 * lookups that find a member never reach it, so it costs nothing on the
 * normal paths (training loops included).
 */
const guard: object = new Proxy(Object.prototype, {
  get(target, property, receiver) {
    if (typeof property === 'string' && property.includes('_') && !(property in target)) {
      const camel = camelCase(property);
      if (camel !== property && camel in receiver) {
        const owner = names.get(receiver as object) ?? (receiver as { constructor?: { name?: string } }).constructor?.name ?? 'this object';
        throw new ConfigError(`${owner} has no '${property}' (PyGlow's Python name); in ibnb it is '${camel}' (camelCase).`);
      }
    }
    return Reflect.get(target, property, receiver);
  },
});

/** Makes `object` (a class prototype whose own prototype is Object.prototype, or a plain object) answer snake_case names. */
export function guardSnakeCase<T extends object>(object: T, name?: string): T {
  if (name) names.set(object, name);
  if (Object.getPrototypeOf(object) !== Object.prototype) {
    throw new Error('guardSnakeCase: the object must inherit directly from Object.prototype (guard the base class).');
  }
  Object.setPrototypeOf(object, guard);
  return object;
}
