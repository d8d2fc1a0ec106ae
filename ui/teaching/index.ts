/** The teaching views and the lesson player (issue 6); the App wires them to the worker (README.md). */
export { InstructionFormat } from './InstructionFormat';
export { EmulationView, type Engine } from './EmulationView';
export { VirtualizationView } from './VirtualizationView';
export { LessonPlayer } from './LessonPlayer';
export { validateLesson, type Lesson, type LessonAction } from './lesson-schema';
export { checkCondition, type LessonMachineState } from './lesson-check';
export { LessonStateTracker, privEventOf } from './lesson-state';
export { classifyInstruction, explainTrapRouting, trapSpans, type PrivEvent } from './virtualization';
export { emulationCost, hostArchitecture, runNativeTwin } from './native-twin';
export { measureEmulationCost, type CostMeasurement } from './measure-cost';
export { setPresentationMode } from './presentation';
export { LESSONS, LESSON_ERRORS } from './lessons';
