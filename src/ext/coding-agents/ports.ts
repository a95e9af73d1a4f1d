// The way out when another receiver (AI Toolkit / Foundry Toolkit, a collector) holds our ports.
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import { SECTION } from '../settings';
import type { TraceService } from '../service';
import type { PortConflict } from './prompts';

/** The port conflict that stops the receiver now, if that is why it is not listening. */
export function currentPortConflict(service: TraceService): PortConflict | null {
  const problem = service.lastProblem;
  if (service.status().state !== 'error' || problem?.area !== 'receiver' || !problem.port) return null;
  const { port, protocol } = problem.port;
  return { port, protocol, fromEnv: service.currentSettings.portSource[protocol] === 'env' };
}

/** A port free on loopback right now (the OS picks it). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once the receiver listens again or fails again (or after `timeoutMs`). */
function receiverSettled(service: TraceService, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    let sawRestart = false;
    const finish = (): void => {
      off();
      clearTimeout(timer);
      resolve();
    };
    const off = service.onDidChange(() => {
      const state = service.status().state;
      if (state === 'starting' || state === 'stopped') sawRestart = true;
      else if (sawRestart && (state === 'listening' || state === 'error' || state === 'disabled')) finish();
    });
    const timer = setTimeout(finish, timeoutMs);
  });
}

/** Moves the receiver to two free ports (user settings) and waits for it to restart there. */
export async function moveToFreePorts(service: TraceService): Promise<void> {
  const http = await freeLoopbackPort();
  let grpc = await freeLoopbackPort();
  while (grpc === http) grpc = await freeLoopbackPort();
  const settled = receiverSettled(service, 15_000);
  const config = vscode.workspace.getConfiguration(SECTION);
  await config.update('receiver.httpPort', http, vscode.ConfigurationTarget.Global);
  await config.update('receiver.grpcPort', grpc, vscode.ConfigurationTarget.Global);
  await settled;
}

export async function openPortSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.receiver`);
}
