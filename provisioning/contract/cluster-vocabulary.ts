/**
 * The words of cluster.yaml a face needs (modes, roles, engines, names). They mirror provisioning/project/
 * cluster-spec.ts, which the renderer cannot import (it reaches node:net); a server spec proves the two agree.
 */
import { z } from 'zod';

export const MODES = ['standalone', 'cluster', 'external'] as const;
export const ROLES = ['server', 'agent', 'sensor', 'data'] as const;
export const ENGINES = ['zeek', 'suricata'] as const;

export const ModeSchema = z.enum(MODES);
export const RoleSchema = z.enum(ROLES);
export const EngineSchema = z.enum(ENGINES);

/** RFC 1123 label: host, cluster and secret names. */
export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const DnsLabelSchema = z.string().regex(DNS_LABEL, 'use lowercase letters, digits and "-" (at most 63, starting and ending with a letter or digit)');

export type Mode = z.infer<typeof ModeSchema>;
export type Role = z.infer<typeof RoleSchema>;
export type Engine = z.infer<typeof EngineSchema>;
